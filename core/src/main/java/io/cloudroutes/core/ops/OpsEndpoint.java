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
 * {@code GET /metrics} the registry in Prometheus text format.
 */
public final class OpsEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final PrometheusMeterRegistry registry;

    private OpsEndpoint(HttpServer server, PrometheusMeterRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    /** A registry with the JVM's own metrics, for a process to add its meters to. */
    public static PrometheusMeterRegistry newRegistry(String process) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("process", process);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Serves the endpoints on {@code port} (all interfaces; 0 picks a free port).
     *
     * @param health null when healthy, otherwise why not
     */
    public static OpsEndpoint start(int port, PrometheusMeterRegistry registry, Supplier<String> health) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/health", exchange -> {
                String problem = health.get();
                respond(exchange, problem == null ? 200 : 503, "application/json",
                        problem == null ? "{\"status\":\"UP\"}"
                                : "{\"status\":\"DOWN\",\"reason\":\"" + problem.replace("\"", "'") + "\"}");
            });
            server.createContext("/metrics", exchange ->
                    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            server.start();
            return new OpsEndpoint(server, registry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve health and metrics on port " + port
                    + "; set CLOUDROUTES_OPS_PORT to a free port, or 0 to turn the endpoint off", e);
        }
    }

    /**
     * For a process's {@code main}: serves the endpoints on CLOUDROUTES_OPS_PORT ({@code defaultPort} when unset,
     * 0 turns them off) with the process's meters and health; returns null when turned off.
     */
    public static OpsEndpoint fromEnv(Env env, int defaultPort, String process, Consumer<MeterRegistry> meters,
            Supplier<String> health) {
        int port = env.getInt("CLOUDROUTES_OPS_PORT", defaultPort, 0, 65535);
        if (port == 0) {
            return null;
        }
        PrometheusMeterRegistry registry = newRegistry(process);
        meters.accept(registry);
        return start(port, registry, health);
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
        registry.close();
    }
}
