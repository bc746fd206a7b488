package io.cloudroutes.bench.load;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.bench.Pauses;
import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The http target every monitor checks: 200 with a 42-byte page on 127.0.0.1. nginx when the project's script
 * ({@code bench/install-tools}) installed it, since that is what the figures are measured against; otherwise
 * the JDK's HttpServer, which costs more CPU per request on the same machine (the table's note says which ran).
 */
final class LoadTarget implements AutoCloseable {

    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final String PAGE = "cloudroutes load harness: target page, ok\n";

    private final String kind;
    private final int port;
    private final Process nginx;
    private final HttpServer jdkServer;

    private LoadTarget(String kind, int port, Process nginx, HttpServer jdkServer) {
        this.kind = kind;
        this.port = port;
        this.nginx = nginx;
        this.jdkServer = jdkServer;
    }

    static LoadTarget start(Path workDirectory) throws IOException {
        if (PAGE.getBytes(StandardCharsets.US_ASCII).length != 42) {
            throw new IllegalStateException("the target page must be 42 bytes");
        }
        return Files.isExecutable(NGINX) ? startNginx(workDirectory.resolve("nginx")) : startJdkServer();
    }

    private static LoadTarget startNginx(Path directory) throws IOException {
        Files.createDirectories(directory);
        int port = LoopbackPorts.next();
        // foreground, one worker per core, its pid, logs and temp files in the harness's directory: nothing of the
        // package's service is used or touched. The page is in the configuration, not a file: run as root, nginx's
        // workers are nobody, who may not enter the harness's private directory (every request was a 403)
        Files.writeString(directory.resolve("nginx.conf"), """
                daemon off;
                worker_processes auto;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp;
                    proxy_temp_path %1$s/tmp;
                    fastcgi_temp_path %1$s/tmp;
                    uwsgi_temp_path %1$s/tmp;
                    scgi_temp_path %1$s/tmp;
                    default_type text/plain;
                    server {
                        listen 127.0.0.1:%2$d;
                        location / { return 200 "%3$s"; }
                    }
                }
                """.formatted(
                        directory.toAbsolutePath(), port, PAGE.replace("\n", "\\n")));
        Files.createDirectories(directory.resolve("tmp"));
        Process process = new ProcessBuilder(
                        NGINX.toString(),
                        "-p",
                        directory.toAbsolutePath().toString(),
                        "-c",
                        directory.resolve("nginx.conf").toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("nginx.out").toFile())
                .start();
        awaitListening(port, process);
        return new LoadTarget("nginx (" + NGINX + ")", port, process, null);
    }

    private static LoadTarget startJdkServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        byte[] page = PAGE.getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return new LoadTarget(
                "JDK HttpServer (no " + NGINX + ": run bench/install-tools for nginx)",
                server.getAddress().getPort(),
                null,
                server);
    }

    private static void awaitListening(int port, Process process) {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx stopped with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                Pauses.pause(Duration.ofMillis(100));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("nginx did not listen on port " + port + " within 10 s");
    }

    String kind() {
        return kind;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() {
        if (jdkServer != null) {
            jdkServer.stop(0);
        }
        if (nginx != null) {
            nginx.destroy();
            try {
                if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                    nginx.descendants().forEach(ProcessHandle::destroyForcibly);
                    nginx.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
