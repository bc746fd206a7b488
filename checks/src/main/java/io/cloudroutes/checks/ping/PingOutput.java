package io.cloudroutes.checks.ping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one run of iputils {@code ping} printed, read into a result (run with LC_ALL=C, so in English). */
sealed interface PingOutput {

    /** The echo statistics: the run reached the point of sending. */
    record Statistics(String address, int transmitted, int received, Double averageRttMillis) implements PingOutput {}

    /** The process may not open an ICMP socket. */
    record NotPermitted() implements PingOutput {}

    record UnknownHost() implements PingOutput {}

    /** The name could not be looked up right now (the resolver failed), as opposed to not existing. */
    record LookupFailed() implements PingOutput {}

    record NetworkUnreachable() implements PingOutput {}

    /** Anything else; {@code message} is the last line ping printed. */
    record Other(int exitCode, String message) implements PingOutput {}

    Pattern NOT_PERMITTED = Pattern.compile("socket: (Operation not permitted|Permission denied)");
    Pattern HEADER = Pattern.compile("(?m)^PING \\S+? ?\\(([^)]+)\\)");
    Pattern COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    Pattern RTT = Pattern.compile("rtt min/avg/max/mdev = [\\d.]+/([\\d.]+)/");

    static PingOutput parse(String output, int exitCode) {
        // "ping: socket: Operation not permitted" with "=> missing cap_net_raw+p capability or setuid?" for a raw
        // socket, "ping: socket: Permission denied" for an ICMP datagram socket outside net.ipv4.ping_group_range.
        if (NOT_PERMITTED.matcher(output).find() || output.contains("missing cap_net_raw")) {
            return new NotPermitted();
        }
        Matcher counts = COUNTS.matcher(output);
        if (counts.find()) {
            Matcher header = HEADER.matcher(output);
            Matcher rtt = RTT.matcher(output);
            return new Statistics(
                    header.find() ? header.group(1) : null,
                    Integer.parseInt(counts.group(1)),
                    Integer.parseInt(counts.group(2)),
                    rtt.find() ? Double.parseDouble(rtt.group(1)) : null);
        }
        if (output.contains("Name or service not known")
                || output.contains("No address associated with hostname")
                || output.contains("unknown host")) {
            return new UnknownHost();
        }
        if (output.contains("Temporary failure in name resolution")) {
            return new LookupFailed();
        }
        if (output.contains("Network is unreachable")) {
            return new NetworkUnreachable();
        }
        String last = output.strip().lines().reduce((first, second) -> second).orElse("");
        return new Other(exitCode, last);
    }
}
