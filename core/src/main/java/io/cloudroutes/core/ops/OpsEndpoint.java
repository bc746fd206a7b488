package io.cloudroutes.core.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.core.config.Env;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The health and Prometheus endpoints of the processes that are not Spring applications (broker, control, worker):
 * {@code GET /health} answers 200 {@code {"status":"UP"}} or 503 {@code {"status":"DOWN","reason":…}}, and
 * {@code GET /metrics} the registry in Prometheus text format. They listen on loopback unless told otherwise; with an
 * {@link OpsAccess ops token} {@code /metrics} needs it, and {@code /health} tells the reason only to requests that
 * present it.
 */
public final class OpsEndpoint implements AutoCloseable {

    /** The address the endpoints listen on unless CLOUDROUTES_OPS_ADDRESS says otherwise: this machine only. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";

    private final HttpServer server;
    private final AutoCloseable metrics;

    private OpsEndpoint(HttpServer server, AutoCloseable metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    /** A registry with the JVM's own metrics, for a process to add its meters to. */
    public static PrometheusMeterRegistry newRegistry(String process) {
        PrometheusMeterRegistry registry = newProcessRegistry(process);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /**
     * A registry whose every series carries {@code process}, without the JVM's metrics: for a process that shares its
     * JVM with others (the standalone), where one registry reports the JVM.
     */
    public static PrometheusMeterRegistry newProcessRegistry(String process) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("process", process);
        return registry;
    }

    /** Serves the endpoints on loopback, {@code port} (0 picks a free port), without a token. */
    public static OpsEndpoint start(int port, PrometheusMeterRegistry registry, Supplier<String> health) {
        return start(DEFAULT_ADDRESS, port, registry, health, OpsAccess.of(null));
    }

    /**
     * Serves the endpoints on {@code address} and {@code port} (0 picks a free port).
     *
     * @param health null when healthy, otherwise why not
     * @param access who may read the metrics and the reason of a failed health check
     */
    public static OpsEndpoint start(
            String address, int port, PrometheusMeterRegistry registry, Supplier<String> health, OpsAccess access) {
        return start(address, port, registry::scrape, registry::close, health, access);
    }

    /**
     * Serves the endpoints of several processes in one JVM on {@code address} and {@code port}: {@code /metrics} has
     * the series of each, told apart by their {@code process} label. Closing the endpoint leaves the registries open.
     */
    public static OpsEndpoint start(
            String address, int port, CombinedMetrics metrics, Supplier<String> health, OpsAccess access) {
        return start(address, port, metrics::scrape, () -> {}, health, access);
    }

    private static OpsEndpoint start(
            String address,
            int port,
            Supplier<String> scrape,
            AutoCloseable metrics,
            Supplier<String> health,
            OpsAccess access) {
        access.requireTokenOffLoopback(address, "CLOUDROUTES_OPS_ADDRESS");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/health", exchange -> {
                String problem = health.get();
                boolean detailed = access.permits(exchange.getRequestHeaders().getFirst("Authorization"));
                respond(
                        exchange,
                        problem == null ? 200 : 503,
                        "application/json",
                        problem == null
                                ? "{\"status\":\"UP\"}"
                                : detailed
                                        ? "{\"status\":\"DOWN\",\"reason\":\"" + problem.replace("\"", "'") + "\"}"
                                        : "{\"status\":\"DOWN\"}");
            });
            server.createContext("/metrics", exchange -> {
                if (access.permits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get());
                } else {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    respond(
                            exchange,
                            401,
                            "application/json",
                            "{\"error\":\"unauthorized\",\"message\":" + "\"send the ops token: Authorization: Bearer <"
                                    + OpsAccess.TOKEN_VARIABLE + ">\"}");
                }
            });
            server.start();
            return new OpsEndpoint(server, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve health and metrics on " + address + ":" + port
                            + "; set CLOUDROUTES_OPS_PORT to a free port, or 0 to turn the endpoint off",
                    e);
        }
    }

    /**
     * For a process's {@code main}: serves the endpoints on CLOUDROUTES_OPS_ADDRESS (127.0.0.1) and CLOUDROUTES_OPS_PORT
     * ({@code defaultPort} when unset, 0 turns them off), guarded by CLOUDROUTES_OPS_TOKEN, with the process's meters
     * and health; returns null when turned off.
     */
    public static OpsEndpoint fromEnv(
            Env env, int defaultPort, String process, Consumer<MeterRegistry> meters, Supplier<String> health) {
        Listener listener = Listener.fromEnv(env, defaultPort);
        if (listener == null) {
            return null;
        }
        // checked before the registry exists, so that a refused start leaves nothing behind
        PrometheusMeterRegistry registry = newRegistry(process);
        meters.accept(registry);
        return start(listener.address(), listener.port(), registry, health, listener.access());
    }

    /**
     * For the standalone: the endpoints of the processes it runs, with the settings and rules of {@link #fromEnv(Env,
     * int, String, Consumer, Supplier)}; returns null when CLOUDROUTES_OPS_PORT is 0.
     */
    public static OpsEndpoint fromEnv(Env env, int defaultPort, CombinedMetrics metrics, Supplier<String> health) {
        Listener listener = Listener.fromEnv(env, defaultPort);
        return listener == null ? null : start(listener.address(), listener.port(), metrics, health, listener.access());
    }

    /** Where the endpoints listen and who may read them, as the environment says; the address is checked. */
    private record Listener(String address, int port, OpsAccess access) {

        static Listener fromEnv(Env env, int defaultPort) {
            int port = env.getInt("CLOUDROUTES_OPS_PORT", defaultPort, 0, 65535);
            if (port == 0) {
                return null;
            }
            String address = env.get("CLOUDROUTES_OPS_ADDRESS", DEFAULT_ADDRESS);
            OpsAccess access = OpsAccess.of(env.get(OpsAccess.TOKEN_VARIABLE, null));
            access.requireTokenOffLoopback(address, "CLOUDROUTES_OPS_ADDRESS");
            return new Listener(address, port, access);
        }
    }

    /** The address and port the endpoints listen on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            metrics.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close the metrics of the ops endpoint", e);
        }
    }
}
