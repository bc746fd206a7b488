package io.cloudroutes.reactions.rfc2136;

import io.cloudroutes.reactions.support.RecordValues;

/** A DNS server as users write it: host, host:port, an IPv6 address, or [IPv6]:port; port 53 when not given. */
record ServerAddress(String host, int port) {

    /** The address, or null when {@code text} is none of the accepted forms. */
    static ServerAddress parse(String text) {
        String value = text.trim();
        String host;
        String port = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                port = rest.substring(1);
            }
        } else if (value.indexOf(':') != value.lastIndexOf(':')) {
            host = value;
        } else if (value.contains(":")) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        } else {
            host = value;
        }
        boolean ipv6 = host.contains(":");
        if (host.isEmpty() || (ipv6 ? !host.matches("[0-9A-Fa-f:.]+") : !RecordValues.isHostName(host))) {
            return null;
        }
        int number = 53;
        if (port != null) {
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
                return null;
            }
            number = Integer.parseInt(port);
        }
        return new ServerAddress(host, number);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
