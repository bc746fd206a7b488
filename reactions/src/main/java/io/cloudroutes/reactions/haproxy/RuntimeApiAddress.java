package io.cloudroutes.reactions.haproxy;

import java.nio.file.Path;

/**
 * Where HAProxy's runtime API listens: a TCP host and port, or a Unix socket path.
 *
 * @param text how the user wrote it, shown in output
 * @param host the host for TCP, null for a Unix socket
 * @param port the port for TCP
 * @param path the socket path, null for TCP
 */
record RuntimeApiAddress(String text, String host, int port, Path path) {

    /** What is wrong with the written address, or null when it is usable. */
    static String problem(String text) {
        if (text.startsWith("/")) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return "Runtime API address must be host:port (e.g. 127.0.0.1:9999) or an absolute Unix socket path "
                    + "(e.g. /run/haproxy/admin.sock)";
        }
        String host = unbracket(text.substring(0, colon));
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            return "Runtime API address needs a host before the port, e.g. 127.0.0.1:9999";
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return port >= 1 && port <= 65535 ? null : "Runtime API address: the port must be between 1 and 65535";
        } catch (NumberFormatException e) {
            return "Runtime API address: the port must be a number, e.g. 127.0.0.1:9999";
        }
    }

    static RuntimeApiAddress parse(String text) {
        if (text.startsWith("/")) {
            return new RuntimeApiAddress(text, null, 0, Path.of(text));
        }
        int colon = text.lastIndexOf(':');
        return new RuntimeApiAddress(
                text, unbracket(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)), null);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    boolean unix() {
        return path != null;
    }

    /** How output names this address, e.g. "127.0.0.1:9999 (TCP)". */
    String describe() {
        return text + (unix() ? " (Unix socket)" : " (TCP)");
    }
}
