package io.cloudroutes.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The embedded Redis server process, started and stopped by the standalone alone. embedded-redis's own start would
 * register a JVM shutdown hook that stops Redis at the same time as everything else, while the actioner and crweb still
 * write to it; here Redis stops when {@link Standalone#close()} says, after the processes that use it.
 */
final class EmbeddedRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private EmbeddedRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts redis-server with {@code settings} (redis.conf lines) on {@code port}, and waits until it accepts
     * connections (its append-only file loaded).
     */
    static EmbeddedRedis start(int port, List<String> settings) throws IOException {
        var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1");
        settings.forEach(builder::setting);
        // the binary extracted from the jar and a config file with the settings; the process is ours to run
        List<String> command = builder.buildCommandArgs();
        Process process = new ProcessBuilder(command)
                .directory(Path.of(command.getFirst()).getParent().toFile())
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofVirtual().name("embedded-redis-output").start(() -> follow(process, ready));
        try {
            ready.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("embedded Redis did not become ready: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while starting embedded Redis", e);
        }
        return new EmbeddedRedis(process, port);
    }

    /** Logs what Redis prints and completes {@code ready} once it accepts connections (or fails it when Redis ends). */
    private static void follow(Process process, CompletableFuture<Void> ready) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.debug("redis: {}", line);
                if (!ready.isDone() && line.contains("eady to accept connections")) {
                    ready.complete(null);
                } else if (!ready.isDone() && (line.contains("# ") || line.contains("FATAL"))) {
                    // warnings and errors while it starts say why it would not
                    log.info("redis: {}", line);
                }
            }
        } catch (IOException e) {
            log.debug("embedded Redis output closed error={}", e.toString());
        }
        ready.completeExceptionally(new IOException("redis-server ended while starting"));
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    /** SIGTERM (Redis writes its append-only file and exits), then SIGKILL if it has not ended within the bound. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!OrphanedServer.awaitExit(process.toHandle(), OrphanedServer.CLEAN_STOP)) {
            log.warn(
                    "embedded Redis did not stop within {} s, killing it pid={}",
                    OrphanedServer.CLEAN_STOP.toSeconds(),
                    process.pid());
            process.destroyForcibly();
            OrphanedServer.awaitExit(process.toHandle(), Duration.ofSeconds(10));
        }
    }

    @Override
    public String toString() {
        return "embedded Redis";
    }
}
