package io.cloudroutes.checks.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A real HTTP or HTTPS server on a free loopback port that answers canned responses and remembers what it was sent. */
final class LocalServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Seen(String method, Headers headers, String body) {}

    private final HttpServer server;
    private final String scheme;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    private LocalServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static LocalServer http() throws IOException {
        return new LocalServer(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    static LocalServer https(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new LocalServer(server, "https");
    }

    String url(String path) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    LocalServer respond(String path, int status, String contentType, String body) {
        // encoded once: a large page served again allocates next to nothing here (a test counts what a check allocates)
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return handle(path, exchange -> {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            send(exchange, status, bytes);
        });
    }

    LocalServer redirect(String path, int status, String location) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            send(exchange, status, "moved");
        });
    }

    /** Serves {@code path} with {@code handler}, after remembering the request. */
    LocalServer handle(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.put(path, new Seen(exchange.getRequestMethod(), exchange.getRequestHeaders(), body));
            handler.handle(exchange);
        });
        return this;
    }

    /** The last request to {@code path}, or null. */
    Seen seen(String path) {
        return seen.get(path);
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
