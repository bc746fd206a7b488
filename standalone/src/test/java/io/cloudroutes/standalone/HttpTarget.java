package io.cloudroutes.standalone;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A local HTTP service that a monitor watches; the test stops and restarts it on the same port. */
final class HttpTarget implements AutoCloseable {

    private final int port;
    private HttpServer server;

    private HttpTarget(int port) {
        this.port = port;
    }

    static HttpTarget started() {
        HttpTarget target = new HttpTarget(LoopbackPorts.next());
        target.start();
        return target;
    }

    synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/health", exchange -> {
            byte[] body = "OK".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/health";
    }

    @Override
    public void close() {
        stop();
    }
}
