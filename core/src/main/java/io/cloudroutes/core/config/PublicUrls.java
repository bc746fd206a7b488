package io.cloudroutes.core.config;

import java.net.URI;

/**
 * The one rule for the base URL that every link to the web UI starts with (push endpoints, links in notifications,
 * test runs): {@code CLOUDROUTES_PUBLIC_URL} when it is set, otherwise the address the UI is served on.
 */
public final class PublicUrls {

    /** The variable that sets the public URL. */
    public static final String VARIABLE = "CLOUDROUTES_PUBLIC_URL";

    private PublicUrls() {}

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
