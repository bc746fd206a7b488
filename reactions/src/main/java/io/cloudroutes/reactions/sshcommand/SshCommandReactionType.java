package io.cloudroutes.reactions.sshcommand;

import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.SettingValues;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.support.SettingReads;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one command on a server over SSH (public-key login, pinned host key), e.g. to restart a hung service.
 * One-sided: it runs the command on every run, whatever the direction of the change, so it is meant for
 * {@code callOn FAILED}.
 */
public final class SshCommandReactionType implements ReactionType {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*");

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("host", "Host", SettingType.HOST)
                    .asRequired()
                    .help("The server to log in to, e.g. web1.example.com"),
            Setting.of("port", "Port", SettingType.INTEGER).range(1, 65535).withDefault("22"),
            Setting.of("user", "User", SettingType.TEXT).asRequired().help("The account to log in as, e.g. deploy"),
            Setting.of("privateKey", "Private key", SettingType.TEXTAREA)
                    .asRequired()
                    .asSecret()
                    .help("The whole unencrypted private key file (OpenSSH or PEM), from -----BEGIN to -----END; "
                            + "its public key must be in the user's ~/.ssh/authorized_keys"),
            Setting.of("hostKey", "Host key", SettingType.TEXT)
                    .asRequired()
                    .help("The server's public host key, e.g. the line 'ssh-keyscan -t ed25519 web1.example.com' "
                            + "prints; any other key is refused"),
            Setting.of("command", "Command", SettingType.TEXT)
                    .asRequired()
                    .help("Run by the user's login shell, e.g. sudo systemctl restart shop"),
            Setting.of("successExitCodes", "Success exit codes", SettingType.TEXT)
                    .withDefault("0")
                    .help("Exit codes that count as success, separated by commas"));

    @Override
    public String id() {
        return "ssh-command";
    }

    @Override
    public String name() {
        return "SSH command";
    }

    @Override
    public String description() {
        return "Runs a command on a server over SSH, e.g. to restart a hung service.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.SERVERS;
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Parsed<SshTarget> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, SshCommandReactionType::read);
    }

    private static SshTarget read(SettingValues values) {
        KeyPair key = null;
        if (values.has("privateKey")) {
            try {
                key = SshKeys.privateKey(values.text("privateKey"));
            } catch (SshKeys.InvalidKeyText e) {
                values.reject("privateKey", "Private key: " + e.getMessage());
            }
        }
        PublicKey hostKey = null;
        if (values.has("hostKey")) {
            try {
                hostKey = SshKeys.publicKey(values.text("hostKey"));
            } catch (SshKeys.InvalidKeyText e) {
                values.reject("hostKey", "Host key: " + e.getMessage());
            }
        }
        String user = SettingReads.matching(
                values, "user", USER, "User must be a login name of letters, digits, '.', '_' or '-', e.g. deploy");
        Set<Integer> successExitCodes = null;
        if (values.has("successExitCodes")) {
            successExitCodes = exitCodes(values.text("successExitCodes"));
            if (successExitCodes == null) {
                values.reject(
                        "successExitCodes",
                        "Success exit codes must be numbers from 0 to 255 separated by commas, e.g. 0 or 0,3");
            }
        }
        if (values.anyRejected()) {
            return null;
        }
        return new SshTarget(
                values.text("host"),
                values.integer("port", 22),
                user,
                key,
                hostKey,
                values.text("command"),
                successExitCodes);
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new SshCommandReaction(parse(settings).orThrow(), services.egress());
    }

    /** The codes in "0, 3", or null when the text is not such a list. */
    static Set<Integer> exitCodes(String text) {
        try {
            Set<Integer> codes = Arrays.stream(text.split(","))
                    .map(String::trim)
                    .map(Integer::parseInt)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            return codes.stream().allMatch(c -> c >= 0 && c <= 255) ? codes : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
