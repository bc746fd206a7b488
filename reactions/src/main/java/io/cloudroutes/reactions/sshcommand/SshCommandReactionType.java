package io.cloudroutes.reactions.sshcommand;

import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionGroups;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs one command on a server over SSH (public-key login, pinned host key), e.g. to restart a hung service.
 * One-sided: it runs the command on every run, whatever the direction of the change, so it is meant for
 * {@code callOn FAILED}.
 */
public final class SshCommandReactionType implements ReactionType {

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
    public Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = Settings.validate(SETTINGS, values);
        String privateKey = values.get("privateKey");
        if (privateKey != null && !privateKey.isBlank() && !errors.containsKey("privateKey")) {
            try {
                SshKeys.privateKey(privateKey);
            } catch (SshKeys.InvalidKeyText e) {
                errors.put("privateKey", "Private key: " + e.getMessage());
            }
        }
        String hostKey = values.get("hostKey");
        if (hostKey != null && !hostKey.isBlank()) {
            try {
                SshKeys.publicKey(hostKey);
            } catch (SshKeys.InvalidKeyText e) {
                errors.put("hostKey", "Host key: " + e.getMessage());
            }
        }
        String user = values.get("user");
        if (user != null && !user.isBlank() && !user.trim().matches("[A-Za-z0-9._][A-Za-z0-9._-]*")) {
            errors.putIfAbsent("user", "User must be a login name of letters, digits, '.', '_' or '-', e.g. deploy");
        }
        String codes = values.get("successExitCodes");
        if (codes != null && !codes.isBlank() && exitCodes(codes) == null) {
            errors.put(
                    "successExitCodes",
                    "Success exit codes must be numbers from 0 to 255 separated by commas, " + "e.g. 0 or 0,3");
        }
        return errors;
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        try {
            return new SshCommandReaction(
                    new SshTarget(
                            settings.get("host"),
                            Integer.parseInt(settings.get("port")),
                            settings.get("user"),
                            SshKeys.privateKey(settings.get("privateKey")),
                            SshKeys.publicKey(settings.get("hostKey")),
                            settings.get("command"),
                            exitCodes(settings.get("successExitCodes"))),
                    services.egress());
        } catch (SshKeys.InvalidKeyText e) {
            throw new IllegalArgumentException("settings did not pass validation: " + e.getMessage(), e);
        }
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
