package io.cloudroutes.core.egress;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.zmq.ResultProtocol;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One of CloudRoutes' own endpoints (its PostgreSQL, Redis, broker, results socket, web and ops ports), which the
 * egress guard refuses even inside an allowed range, so that no tenant reaches CloudRoutes' own plane.
 *
 * @param label what it is, as a refusal names it, e.g. "CloudRoutes' own Redis"
 * @param host  a host name, an address, a CIDR range, or null for every address of this host (a wildcard bind)
 * @param port  the port, or 0 for every port
 */
public record OwnEndpoint(String label, String host, int port) {

    /** The setting that lists more of them, e.g. endpoints of processes on other hosts. */
    public static final String DENY_VARIABLE = "CLOUDROUTES_EGRESS_DENY";

    /** Whether this endpoint listens on this host (no host, a wildcard, loopback or {@code localhost}). */
    boolean onThisHost() {
        if (host == null) {
            return true;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return name.isBlank()
                || name.equals("*")
                || name.equals("0.0.0.0")
                || name.equals("::")
                || name.equals("localhost")
                || name.endsWith(".localhost");
    }

    /**
     * The endpoints a URL names: {@code jdbc:postgresql://h1:5432,h2/db}, {@code redis://user:pw@host:6379/0},
     * {@code rediss://…}, {@code redis-sentinel://user:pw@s1:26379,s2/0#primary} (the sentinels; the data nodes they
     * name are not in the URL and belong in {@value #DENY_VARIABLE}), {@code tcp://host:5556} or {@code tcp://*:5555} (ZeroMQ), {@code http(s)://host:port}. A URL
     * of another kind, or none, names nothing.
     */
    public static List<OwnEndpoint> fromUrl(String label, String url) {
        if (url == null || url.isBlank()) {
            return List.of();
        }
        String text = url.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        int defaultPort;
        if (lower.startsWith("jdbc:postgresql://")) {
            defaultPort = 5432;
        } else if (lower.startsWith("redis://") || lower.startsWith("rediss://")) {
            defaultPort = 6379;
        } else if (lower.startsWith("redis-sentinel://") || lower.startsWith("rediss-sentinel://")) {
            defaultPort = 26379;
        } else if (lower.startsWith("tcp://")) {
            defaultPort = 0;
        } else if (lower.startsWith("http://")) {
            defaultPort = 80;
        } else if (lower.startsWith("https://")) {
            defaultPort = 443;
        } else {
            return List.of();
        }
        String authority = text.substring(text.indexOf("://") + 3);
        for (char end : new char[] {'/', '?', '#'}) {
            int at = authority.indexOf(end);
            if (at >= 0) {
                authority = authority.substring(0, at);
            }
        }
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        List<OwnEndpoint> endpoints = new ArrayList<>();
        for (String hostAndPort : authority.split(",")) {
            OwnEndpoint endpoint = hostPort(label, hostAndPort.trim(), defaultPort);
            if (endpoint != null) {
                endpoints.add(endpoint);
            }
        }
        return endpoints;
    }

    /** An endpoint of this host on {@code port} (a server that listens on every interface or on loopback). */
    public static OwnEndpoint thisHost(String label, int port) {
        return new OwnEndpoint(label, null, port);
    }

    /**
     * The entries of {@value #DENY_VARIABLE}: {@code host:port} ({@code [IPv6]:port}) or a CIDR range (every port),
     * separated by commas.
     *
     * @throws IllegalArgumentException naming the entry that is neither and how to write it
     */
    public static List<OwnEndpoint> denied(String value, String source) {
        List<OwnEndpoint> endpoints = new ArrayList<>();
        for (String entry : EgressPolicy.entries(value)) {
            if (entry.contains("/")) {
                EgressPolicy.range(entry, source);
                endpoints.add(new OwnEndpoint("CloudRoutes' own endpoint", entry, 0));
                continue;
            }
            OwnEndpoint endpoint = hostPort("CloudRoutes' own endpoint", entry, -1);
            if (endpoint == null || endpoint.port() <= 0) {
                throw new IllegalArgumentException(source + ": '" + entry + "' is neither host:port nor a CIDR range;"
                        + " write e.g. cram-broker:9101,[fd00::5]:6379,10.0.5.0/24");
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    /**
     * The endpoints every process can know from the shared environment: CLOUDROUTES_DATABASE_URL,
     * CLOUDROUTES_REDIS_URL (when set), the broker and results sockets (their defaults when unset) and the ports
     * CLOUDROUTES_PORT, CLOUDROUTES_BRIDGE_PORT and CLOUDROUTES_OPS_PORT (when set), and {@value #DENY_VARIABLE}.
     */
    public static List<OwnEndpoint> fromEnv(Env env) {
        List<OwnEndpoint> endpoints = new ArrayList<>();
        endpoints.addAll(fromUrl("CloudRoutes' own PostgreSQL", env.get("CLOUDROUTES_DATABASE_URL", null)));
        endpoints.addAll(fromUrl("CloudRoutes' own Redis", env.get("CLOUDROUTES_REDIS_URL", null)));
        ZmqEndpoints zmq = ZmqEndpoints.fromEnv(env);
        for (String broker : ZmqEndpoints.list(zmq.brokerFrontend() + "," + zmq.brokerBackend())) {
            endpoints.addAll(fromUrl("CloudRoutes' own broker", broker));
        }
        for (String results : ResultProtocol.endpoints(zmq.results())) {
            endpoints.addAll(fromUrl("CloudRoutes' own results socket", results));
        }
        for (String variable : List.of("CLOUDROUTES_PORT", "CLOUDROUTES_BRIDGE_PORT", "CLOUDROUTES_OPS_PORT")) {
            int port = env.getInt(variable, 0, 0, 65535);
            if (port > 0) {
                endpoints.add(thisHost(
                        variable.equals("CLOUDROUTES_OPS_PORT")
                                ? "CloudRoutes' own ops endpoint"
                                : "CloudRoutes' own web endpoint",
                        port));
            }
        }
        endpoints.addAll(denied(env.get(DENY_VARIABLE, null), DENY_VARIABLE));
        return endpoints;
    }

    /** {@code host:port}, {@code [v6]:port}, {@code host} (with {@code defaultPort}); null when unreadable. */
    private static OwnEndpoint hostPort(String label, String text, int defaultPort) {
        if (text.isEmpty()) {
            return null;
        }
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = text.substring(1, close);
            if (text.length() > close + 1) {
                if (text.charAt(close + 1) != ':') {
                    return null;
                }
                port = text.substring(close + 2);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        } else {
            host = text;
        }
        int number;
        if (port == null) {
            number = defaultPort;
        } else {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                return null;
            }
            if (number < 1 || number > 65535) {
                return null;
            }
        }
        if (number < 0) {
            return null;
        }
        return new OwnEndpoint(label, host.isBlank() ? null : host, number);
    }
}
