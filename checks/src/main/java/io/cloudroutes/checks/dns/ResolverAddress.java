package io.cloudroutes.checks.dns;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A resolver as users write it: {@code host}, {@code host:port}, an IPv6 address or {@code [IPv6]:port}. */
record ResolverAddress(String host, int port) {

    private static final Pattern BRACKETED = Pattern.compile("^\\[([0-9A-Fa-f:.]+)](?::(\\d+))?$");
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9._-]+$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

    /** Throws IllegalArgumentException saying how to write it. */
    static ResolverAddress parse(String text) {
        String value = text.trim();
        Matcher bracketed = BRACKETED.matcher(value);
        if (bracketed.matches()) {
            return new ResolverAddress(bracketed.group(1), port(bracketed.group(2)));
        }
        int colons = value.length() - value.replace(":", "").length();
        if (colons > 1 && IPV6.matcher(value).matches()) {
            return new ResolverAddress(value, 53);
        }
        String host = colons == 1 ? value.substring(0, value.indexOf(':')) : value;
        if (!HOST.matcher(host).matches() || host.startsWith("-")) {
            throw new IllegalArgumentException("write a host name or IP address with an optional port, e.g. 10.0.0.2,"
                    + " ns1.example.com:53 or [2001:db8::53]:53");
        }
        return new ResolverAddress(host, colons == 1 ? port(value.substring(value.indexOf(':') + 1)) : 53);
    }

    private static int port(String text) {
        if (text == null) {
            return 53;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Falls through to the message below.
        }
        throw new IllegalArgumentException("port '" + text + "' must be a number between 1 and 65535");
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
