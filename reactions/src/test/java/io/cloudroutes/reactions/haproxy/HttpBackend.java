package io.cloudroutes.reactions.haproxy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A local HTTP server that answers every request with its name (200), or with 503 while the test makes it fail: a
 * backend server behind {@link HaproxyServer}.
 */
public final class HttpBackend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private volatile boolean failing;

    private HttpBackend(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            boolean down = failing;
            byte[] body = (down ? name + " unavailable" : name).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(down ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** A started backend on a free loopback port that answers {@code name}. */
    public static HttpBackend started(String name) {
        return new HttpBackend(name);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Its URL, e.g. for a monitor that checks it directly. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /** From now on every request gets 503, until {@link #recover()}. */
    public void fail() {
        failing = true;
    }

    public void recover() {
        failing = false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
