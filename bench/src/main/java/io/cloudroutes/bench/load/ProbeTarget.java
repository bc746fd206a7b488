package io.cloudroutes.bench.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the detection → reaction figure is measured with, on 127.0.0.1: {@code /flip/{n}} fails (500) and recovers (200)
 * every {@link #HALF_PERIOD_SECONDS} seconds, each probe {@code n} shifted by a second so that the transitions spread
 * over time, and {@code /reaction} receives the webhook reaction the probe monitors run on each failure.
 */
final class ProbeTarget implements AutoCloseable {

    static final int HALF_PERIOD_SECONDS = 4;

    private final HttpServer server;
    private final AtomicLong reactionsReceived = new AtomicLong();

    private ProbeTarget(HttpServer server) {
        this.server = server;
    }

    static ProbeTarget start(Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        ProbeTarget target = new ProbeTarget(server);
        server.createContext("/flip/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            long probe = Long.parseLong(exchange.getRequestURI().getPath().substring("/flip/".length()));
            long phase = (clock.millis() / 1000 + probe) / HALF_PERIOD_SECONDS;
            exchange.sendResponseHeaders(phase % 2 == 0 ? 500 : 200, -1);
            exchange.close();
        });
        server.createContext("/reaction", exchange -> {
            exchange.getRequestBody().readAllBytes();
            target.reactionsReceived.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return target;
    }

    String flipUrl(int probe) {
        return base() + "/flip/" + probe;
    }

    String reactionUrl() {
        return base() + "/reaction";
    }

    long reactionsReceived() {
        return reactionsReceived.get();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
