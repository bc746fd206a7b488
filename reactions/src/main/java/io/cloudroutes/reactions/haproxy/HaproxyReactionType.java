package io.cloudroutes.reactions.haproxy;

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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes a server out of an HAProxy backend when its monitor fails (drain or maintenance) and puts it back to ready when
 * the monitor recovers, through HAProxy's runtime API (the stats socket at admin level).
 */
public final class HaproxyReactionType implements ReactionType {

    /** The characters HAProxy allows in proxy and server names; also keeps a newline out of the command. */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.:-]+$");

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("address", "Runtime API address", SettingType.TEXT)
                    .asRequired()
                    .help("host:port of a TCP stats socket (stats socket ipv4@127.0.0.1:9999 level admin) "
                            + "or the absolute path of a Unix stats socket, e.g. /run/haproxy/admin.sock"),
            Setting.of("backend", "Backend", SettingType.TEXT)
                    .asRequired()
                    .help("The backend that holds the server, as named in haproxy.cfg"),
            Setting.of("server", "Server", SettingType.TEXT)
                    .asRequired()
                    .help("The server to take out on failure and put back on recovery, as named in the backend"),
            Setting.of("mode", "On failure", SettingType.CHOICE)
                    .options("drain", "maint")
                    .withDefault("drain")
                    .help("drain: no new connections, current ones finish; maint: out of the backend at once"));

    @Override
    public String id() {
        return "haproxy";
    }

    @Override
    public String name() {
        return "HAProxy: drain a server";
    }

    @Override
    public String description() {
        return "Drains a server out of an HAProxy backend, and puts it back to ready on recovery.";
    }

    @Override
    public PluginGroup group() {
        return ReactionGroups.TRAFFIC;
    }

    @Override
    public int rank() {
        return 40;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    /** A drain may take a service down on a false alarm, so safeguards may hold it. */
    @Override
    public boolean disruptive() {
        return true;
    }

    /** After a run it reads the server's state again: verified while it is what the run set. */
    @Override
    public boolean verifiesRuns() {
        return true;
    }

    @Override
    public boolean restoresOnRecovery() {
        return true;
    }

    @Override
    public Parsed<HaproxyConfig> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, HaproxyReactionType::read);
    }

    private static HaproxyConfig read(SettingValues values) {
        String address = values.text("address");
        if (address != null) {
            String problem = RuntimeApiAddress.problem(address);
            if (problem != null) {
                values.reject("address", problem);
            }
        }
        String backend = name(values, "backend", "Backend");
        String server = name(values, "server", "Server");
        if (values.anyRejected()) {
            return null;
        }
        return new HaproxyConfig(RuntimeApiAddress.parse(address), backend, server, values.text("mode"));
    }

    private static String name(SettingValues values, String field, String label) {
        return SettingReads.matching(
                values,
                field,
                NAME,
                label + " must be a name as in haproxy.cfg: letters, digits, '_', '.', ':' or '-', e.g. web1");
    }

    @Override
    public Reaction create(Map<String, String> settings, ReactionServices services) {
        return new HaproxyReaction(parse(settings).orThrow(), services.egress());
    }
}
