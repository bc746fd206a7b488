package io.cloudroutes.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one rule for the base URL that every link to the web UI starts with (push endpoints, links in notifications,
 * test runs): {@code CLOUDROUTES_PUBLIC_URL} when it is set, otherwise the address the UI is served on.
 */
public final class PublicUrls {

    /** The variable that sets the public URL. */
    public static final String VARIABLE = "CLOUDROUTES_PUBLIC_URL";

    private PublicUrls() {}

    /**
     * The configured public URL as given, or null when it is not set; anything but an absolute http:// or https://
     * URL with a host stops the process with a message naming {@value #VARIABLE}. The rule of every process that
     * reads it (crweb, crbridge, the standalone).
     */
    public static String check(String configured) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        String value = configured.trim();
        boolean valid;
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            valid = (scheme.equals("http") || scheme.equals("https"))
                    && uri.getRawAuthority() != null
                    && !uri.getRawAuthority().startsWith(":");
        } catch (URISyntaxException e) {
            valid = false;
        }
        if (!valid) {
            // a value with user information is not repeated: it may hold a password
            throw new IllegalStateException(VARIABLE + " must be an http:// or https:// URL with a host, e.g. "
                    + "https://cloudroutes.example.com, but is " + (value.contains("@") ? "not" : "'" + value + "'"));
        }
        return value;
    }

    /**
     * {@code configured} without trailing slashes when it is set; otherwise {@link #servedAt} the bind address and
     * port of the UI.
     */
    public static String resolve(String configured, String bindAddress, int port) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim().replaceAll("/+$", "");
        }
        return servedAt(bindAddress, port);
    }

    /**
     * {@code http://<address>:<port>}: the address the UI listens on, or {@code localhost} when it listens on every
     * interface (no address, {@code 0.0.0.0} or {@code ::}), since no single address of the machine is the right one
     * then. An IPv6 address is put in brackets.
     */
    public static String servedAt(String bindAddress, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the UI's port must be between 1 and 65535, but is " + port);
        }
        String host = bindAddress == null ? "" : bindAddress.trim();
        if (host.isEmpty()
                || host.equals("0.0.0.0")
                || host.equals("::")
                || host.equals("[::]")
                || host.equals("0:0:0:0:0:0:0:0")) {
            host = "localhost";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port).toString();
    }
}
