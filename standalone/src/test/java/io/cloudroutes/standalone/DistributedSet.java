package io.cloudroutes.standalone;

import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.zmq.CurveKeyPair;
import io.cloudroutes.core.zmq.TestPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CloudRoutes' processes each in its own JVM, configured by environment variables as a deployment configures them, and
 * started again under the same name and settings after they were killed, as an operator's supervisor (systemd,
 * Kubernetes) would.
 */
final class DistributedSet implements AutoCloseable {

    /** How to start one process and how to tell it is up: its health answers 200 on loopback at this port and path. */
    record Member(
            String name,
            String mainClass,
            Map<String, String> environment,
            List<String> args,
            int healthPort,
            String healthPath) {}

    private static final HttpClient HEALTH =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path logs;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, ChildJvm> running = new LinkedHashMap<>();

    DistributedSet(Path logs) {
        this.logs = logs;
    }

    /**
     * What every process of a deployment is given alike: PostgreSQL (the application role, and the owner role Flyway
     * migrates as) and the secret key settings are sealed with.
     */
    static Map<String, String> sharedEnvironment(EmbeddedServers.Database postgres) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLOUDROUTES_DATABASE_URL", postgres.url());
        env.put("CLOUDROUTES_DATABASE_USERNAME", postgres.application().username());
        env.put("CLOUDROUTES_DATABASE_PASSWORD", postgres.application().password());
        env.put("CLOUDROUTES_DATABASE_OWNER_USERNAME", postgres.owner().username());
        env.put("CLOUDROUTES_DATABASE_OWNER_PASSWORD", postgres.owner().password());
        env.put("CLOUDROUTES_SECRET_KEY", SecretBox.newKey());
        return env;
    }

    /**
     * The shared environment with what is a process's own: its CURVE key pair (null: none, it is no part of the
     * plane), its ops port (0: none) and its Redis URL (null: it uses no Redis).
     */
    static Map<String, String> own(Map<String, String> env, CurveKeyPair keys, int opsPort, String redisUrl) {
        Map<String, String> own = new LinkedHashMap<>(env);
        if (keys != null) {
            own.putAll(TestPlane.env(keys));
        }
        if (opsPort > 0) {
            own.put("CLOUDROUTES_OPS_PORT", String.valueOf(opsPort));
        }
        if (redisUrl != null) {
            own.put("CLOUDROUTES_REDIS_URL", redisUrl);
        }
        return own;
    }

    /** Starts a process (not waiting for it to be up). */
    synchronized void start(Member member) {
        boolean again = members.put(member.name(), member) != null;
        running.put(
                member.name(),
                ChildJvm.start(member.name(), member.mainClass(), member.environment(), member.args(), logs, again));
    }

    /** How many lines of the named process's log (every start of it) contain {@code text}. */
    long logLinesContaining(String name, String text) {
        try (Stream<String> lines = Files.lines(logs.resolve(name + ".log"))) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until every process answers its health check; fails at once when one has stopped. */
    void awaitAllHealthy(Duration within) {
        List<String> names;
        synchronized (this) {
            names = List.copyOf(running.keySet());
        }
        names.forEach(name -> awaitHealthy(name, within));
    }

    /** Waits until the named process answers its health check; fails at once when one has stopped. */
    void awaitHealthy(String name, Duration within) {
        Member member = members.get(name);
        URI health = URI.create("http://127.0.0.1:" + member.healthPort() + member.healthPath());
        await().atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .failFast(
                        "a CloudRoutes process stopped (see " + logs + ")",
                        () -> aProcessDied().isPresent())
                .ignoreExceptions()
                .alias(name + " reports UP on " + member.healthPath())
                .until(() -> HEALTH.send(
                                        HttpRequest.newBuilder(health)
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    /** {@code kill -9} of the named process: no shutdown hook, no goodbye to its peers. */
    synchronized void kill(String name) {
        running.remove(name).kill();
    }

    /** SIGTERM to the named process, waiting until it has ended (as a deploy or a supervisor's restart does). */
    synchronized void stop(String name) {
        running.remove(name).close();
    }

    /** Starts the named process again with the settings it had. */
    synchronized void restart(String name) {
        ChildJvm old = running.get(name);
        if (old != null && old.isAlive()) {
            throw new IllegalStateException(name + " still runs");
        }
        start(members.get(name));
    }

    /** The name of the running process with this pid, if it is one of the set. */
    synchronized Optional<String> nameOf(long pid) {
        return running.values().stream()
                .filter(process -> process.pid() == pid)
                .map(ChildJvm::name)
                .findFirst();
    }

    /** A process of the set that has stopped although nobody stopped it, its log's tail printed. */
    synchronized Optional<String> aProcessDied() {
        for (ChildJvm process : running.values()) {
            if (!process.isAlive()) {
                System.err.println(process.logTail());
                return Optional.of(process.name());
            }
        }
        return Optional.empty();
    }

    /** Stops every process, the last started first. */
    @Override
    public synchronized void close() {
        List<ChildJvm> all = new ArrayList<>(running.values());
        running.clear();
        all.reversed().forEach(ChildJvm::close);
    }
}
