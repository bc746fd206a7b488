package io.cloudroutes.checks.support;

import java.net.URI;
import java.net.URISyntaxException;

/** Pieces of {@link io.cloudroutes.checks.CheckType#target} texts that several check types share. */
public final class Targets {

    private Targets() {}

    /** {@code host:port}, with an IPv6 address in brackets ({@code [2001:db8::1]:443}). */
    public static String hostPort(String host, String port) {
        String name = host == null ? "" : host.trim();
        if (name.contains(":") && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        return port == null || port.isBlank() ? name : name + ":" + port.trim();
    }

    /** The URL without its user part ({@code https://user:password@host/} becomes {@code https://host/}). */
    public static String withoutUserInfo(String url) {
        if (url == null) {
            return "";
        }
        String trimmed = url.trim();
        try {
            String userInfo = new URI(trimmed).getRawUserInfo();
            return userInfo == null ? trimmed : trimmed.replace(userInfo + "@", "");
        } catch (URISyntaxException e) {
            // not a URL a check could have been saved with; drop whatever stands before an '@' after the scheme
            int scheme = trimmed.indexOf("://");
            int at = trimmed.lastIndexOf('@');
            return scheme >= 0 && at > scheme ? trimmed.substring(0, scheme + 3) + trimmed.substring(at + 1) : trimmed;
        }
    }

    /** A number of seconds in the largest whole unit: {@code 86400} is "1 d", {@code 5400} "90 min", {@code 45} "45 s". */
    public static String duration(String seconds) {
        long value;
        try {
            value = Long.parseLong(seconds.trim());
        } catch (RuntimeException e) {
            return seconds + " s";
        }
        if (value > 0 && value % 86_400 == 0) {
            return value / 86_400 + " d";
        }
        if (value > 0 && value % 3600 == 0) {
            return value / 3600 + " h";
        }
        if (value > 0 && value % 60 == 0) {
            return value / 60 + " min";
        }
        return value + " s";
    }
}
