package io.cloudroutes.reactions.haproxy;

import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy ({@code /usr/sbin/haproxy}) in the foreground with a generated configuration in a temp dir: one HTTP
 * frontend on a free loopback port, one round-robin backend of the given servers (no health checks, so only the
 * runtime API changes their state), and the runtime API at admin level on a TCP port and a Unix socket (plus one
 * TCP socket at user level).
 */
public final class HaproxyServer implements AutoCloseable {

    public static final String BINARY = "/usr/sbin/haproxy";

    /** One answer through the frontend. */
    public record Answer(int status, String body) {}

    private final Process process;
    private final Path log;
    private final int frontendPort;
    private final int statsPort;
    private final int userLevelPort;
    private final Path socket;
    private final String backend;

    private HaproxyServer(
            Process process,
            Path log,
            int frontendPort,
            int statsPort,
            int userLevelPort,
            Path socket,
            String backend) {
        this.process = process;
        this.log = log;
        this.frontendPort = frontendPort;
        this.statsPort = statsPort;
        this.userLevelPort = userLevelPort;
        this.socket = socket;
        this.backend = backend;
    }

    /**
     * Starts HAProxy in {@code dir} with backend {@code backend} holding one server per entry (name → port on
     * 127.0.0.1), and waits until its runtime API answers.
     */
    public static HaproxyServer start(Path dir, String backend, Map<String, Integer> servers) {
        int frontendPort = LoopbackPorts.next();
        int statsPort = LoopbackPorts.next();
        int userLevelPort = LoopbackPorts.next();
        Path socket = dir.resolve("admin.sock");
        StringBuilder config = new StringBuilder()
                .append("global\n")
                .append("    stats socket ipv4@127.0.0.1:")
                .append(statsPort)
                .append(" level admin\n")
                .append("    stats socket ")
                .append(socket)
                .append(" level admin\n")
                .append("    stats socket ipv4@127.0.0.1:")
                .append(userLevelPort)
                .append(" level user\n")
                .append("defaults\n")
                .append("    mode http\n")
                .append("    timeout connect 2s\n")
                .append("    timeout client 10s\n")
                .append("    timeout server 10s\n")
                .append("frontend web\n")
                .append("    bind 127.0.0.1:")
                .append(frontendPort)
                .append('\n')
                .append("    default_backend ")
                .append(backend)
                .append('\n')
                .append("backend ")
                .append(backend)
                .append('\n')
                .append("    balance roundrobin\n");
        new LinkedHashMap<>(servers)
                .forEach((name, port) -> config.append("    server ")
                        .append(name)
                        .append(" 127.0.0.1:")
                        .append(port)
                        .append('\n'));
        try {
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, config);
            Path log = dir.resolve("haproxy.log");
            Process process = new ProcessBuilder(BINARY, "-db", "-f", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            HaproxyServer haproxy =
                    new HaproxyServer(process, log, frontendPort, statsPort, userLevelPort, socket, backend);
            try {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .ignoreExceptionsInstanceOf(IOException.class)
                        .until(() -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException(
                                        "haproxy exited with " + process.exitValue() + ": " + Files.readString(log));
                            }
                            return haproxy.command("show info").contains("Name: HAProxy");
                        });
            } catch (RuntimeException e) {
                haproxy.close();
                throw e;
            }
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runtime API over TCP, as the reaction's address setting takes it. */
    public String runtimeApiAddress() {
        return "127.0.0.1:" + statsPort;
    }

    /** A runtime API socket at user level, where HAProxy refuses to change a server's state. */
    public String userLevelAddress() {
        return "127.0.0.1:" + userLevelPort;
    }

    /** The runtime API's Unix socket. */
    public Path unixSocket() {
        return socket;
    }

    public int frontendPort() {
        return frontendPort;
    }

    /** HAProxy's answer to one runtime API command, sent over TCP. */
    public String command(String command) throws IOException {
        try (Socket connection = new Socket(InetAddress.getLoopbackAddress(), statsPort)) {
            connection.setSoTimeout(10_000);
            connection.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The server's administrative state as HAProxy reports it in {@code show servers state}: maint, drain or ready.
     */
    public String state(String server) {
        try {
            String shown = command("show servers state " + backend);
            return ServerState.find(shown, server)
                    .map(ServerState::summary)
                    .orElseThrow(() -> new IllegalStateException("no server " + server + " in: " + shown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One GET / through the frontend on its own connection (HTTP/1.0), so each request is balanced anew. */
    public Answer get() {
        try (Socket connection = new Socket(InetAddress.getLoopbackAddress(), frontendPort)) {
            connection.setSoTimeout(10_000);
            OutputStream out = connection.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = connection.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.split(" ", 3)[1]);
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Answer(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What HAProxy wrote to stdout and stderr so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
