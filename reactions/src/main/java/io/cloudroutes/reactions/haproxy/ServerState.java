package io.cloudroutes.reactions.haproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One server's line of {@code show servers state <backend>}: its operational state and its administrative state (a
 * bit field: forced maintenance, forced drain, …), in the words the output uses.
 */
record ServerState(int operational, int admin) {

    private static final int FORCED_MAINT = 0x01;
    private static final int INHERITED_MAINT = 0x02;
    private static final int CONFIG_MAINT = 0x04;
    private static final int FORCED_DRAIN = 0x08;
    private static final int INHERITED_DRAIN = 0x10;
    private static final int RESOLUTION_MAINT = 0x20;
    private static final int FQDN_MAINT = 0x40;
    private static final int ANY_MAINT = FORCED_MAINT | INHERITED_MAINT | CONFIG_MAINT | RESOLUTION_MAINT | FQDN_MAINT;

    /** The server's line in the answer, or empty when the answer has none (or is an error text). */
    static Optional<ServerState> find(String answer, String server) {
        String[] header = null;
        for (String line : answer.split("\n")) {
            if (line.startsWith("# ")) {
                header = line.substring(2).trim().split(" ");
                continue;
            }
            if (header == null || line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            int name = indexOf(header, "srv_name");
            int operational = indexOf(header, "srv_op_state");
            int admin = indexOf(header, "srv_admin_state");
            if (name < 0 || operational < 0 || admin < 0 || fields.length != header.length) {
                continue;
            }
            if (fields[name].equals(server)) {
                try {
                    return Optional.of(
                            new ServerState(Integer.parseInt(fields[operational]), Integer.parseInt(fields[admin])));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static int indexOf(String[] header, String column) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(column)) {
                return i;
            }
        }
        return -1;
    }

    /** maint, drain or ready: what {@code set server … state} sets, as the administrative state now stands. */
    String summary() {
        if ((admin & ANY_MAINT) != 0) {
            return "maint";
        }
        return (admin & (FORCED_DRAIN | INHERITED_DRAIN)) != 0 ? "drain" : "ready";
    }

    /** e.g. "maint (admin state 1: forced maintenance), operational state stopped". */
    String describe() {
        List<String> flags = new ArrayList<>();
        flag(flags, FORCED_MAINT, "forced maintenance");
        flag(flags, INHERITED_MAINT, "maintenance inherited from a tracked server");
        flag(flags, CONFIG_MAINT, "disabled in the configuration");
        flag(flags, FORCED_DRAIN, "forced drain");
        flag(flags, INHERITED_DRAIN, "drain inherited from a tracked server");
        flag(flags, RESOLUTION_MAINT, "maintenance after a DNS resolution failure");
        flag(flags, FQDN_MAINT, "maintenance while its FQDN changes");
        String operationalWord = switch (operational) {
            case 0 -> "stopped";
            case 1 -> "starting";
            case 2 -> "running";
            case 3 -> "stopping";
            default -> "unknown (" + operational + ")";
        };
        return summary() + " (admin state " + admin + (flags.isEmpty() ? "" : ": " + String.join(", ", flags))
                + "), operational state " + operationalWord;
    }

    private void flag(List<String> flags, int bit, String word) {
        if ((admin & bit) != 0) {
            flags.add(word);
        }
    }
}
