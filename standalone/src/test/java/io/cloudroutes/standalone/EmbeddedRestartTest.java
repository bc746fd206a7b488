package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as a real deployment: durable commits, a start after {@code kill -9} of the JVM on the same data
 * directory, and SIGTERM stopping the databases only after everything that uses them.
 */
class EmbeddedRestartTest {

    private static final Path LOGS = Path.of("target", "embedded-restart");

    @TempDir
    Path data;

    @Test
    void theEmbeddedPostgresWritesEveryCommitToDisk() throws Exception {
        try (EmbeddedServers.Database database = EmbeddedServers.postgres(data);
                Connection superuser = DriverManager.getConnection(
                        database.url(), "postgres", database.superuser().password())) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet shown = superuser.createStatement().executeQuery("SHOW " + setting)) {
                    shown.next();
                    assertThat(shown.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    void afterKillNineTheSameCommandStartsAgainOnTheSameDataAndKeepsIt() throws Exception {
        int port = LoopbackPorts.next();
        String ui = "http://127.0.0.1:" + port;
        long monitorId;
        try (ChildJvm first = start("killed", port)) {
            awaitHealthy(first, ui);
            WebSession browser = new WebSession(ui);
            browser.signUpAndLogIn("ops@example.com", "correct horse battery");
            monitorId = browser.createMonitor(
                    "tcp",
                    List.of(
                            Map.entry("name", "kept"),
                            Map.entry("settings[host]", "127.0.0.1"),
                            Map.entry("settings[port]", "1"),
                            Map.entry("intervalSeconds", "60"),
                            Map.entry("timeoutSeconds", "5"),
                            Map.entry("failThreshold", "2"),
                            Map.entry("recoverThreshold", "1"),
                            Map.entry("enabled", "true")));
            first.kill();
        }
        // what the killed JVM left behind: its PostgreSQL and Redis, still running on the data directory
        assertThat(livePid(data.resolve("postgres/postmaster.pid")))
                .as("orphaned postgres")
                .isPresent();
        assertThat(livePid(data.resolve("redis/redis.pid")))
                .as("orphaned redis")
                .isPresent();

        try (ChildJvm second = start("started-again", port)) {
            awaitHealthy(second, ui);
            WebSession browser = new WebSession(ui);
            browser.logIn("ops@example.com", "correct horse battery");
            assertThat(browser.get("/monitors/" + monitorId).body()).contains("kept");
            assertThat(Files.readString(LOGS.resolve("started-again.log")))
                    .contains("embedded PostgreSQL of an earlier run is still running, stopping it")
                    .contains("embedded Redis of an earlier run is still running, stopping it");
        }
    }

    @Test
    void sigtermStopsTheDatabasesAfterEveryComponentAndLeavesNoServerRunning() throws Exception {
        int port = LoopbackPorts.next();
        String ui = "http://127.0.0.1:" + port;
        long postgres;
        long redis;
        try (ChildJvm standalone = start("terminated", port)) {
            awaitHealthy(standalone, ui);
            postgres = livePid(data.resolve("postgres/postmaster.pid")).orElseThrow();
            redis = livePid(data.resolve("redis/redis.pid")).orElseThrow();
            // close() is SIGTERM to the JVM alone, as systemd or Ctrl+C in a shell's job control would send it
        }
        assertThat(ProcessHandle.of(postgres).filter(ProcessHandle::isAlive))
                .as("postgres after SIGTERM")
                .isEmpty();
        assertThat(ProcessHandle.of(redis).filter(ProcessHandle::isAlive))
                .as("redis after SIGTERM")
                .isEmpty();
        List<String> stopped = Files.readAllLines(LOGS.resolve("terminated.log")).stream()
                .filter(line -> line.contains("stopped component="))
                .map(line -> line.substring(line.indexOf("stopped component=") + "stopped component=".length())
                        .trim())
                .toList();
        // the ops endpoint first (no scrape reaches a stopping process), when its port was free to serve it
        List<String> processes = List.of(
                "metrics registries",
                "control",
                "worker",
                "broker",
                "crbridge",
                "crweb",
                "embedded Redis",
                "embedded PostgreSQL");
        assertThat(stopped)
                .isIn(
                        processes,
                        java.util.stream.Stream.concat(java.util.stream.Stream.of("ops endpoint"), processes.stream())
                                .toList());
    }

    private ChildJvm start(String name, int port) {
        return ChildJvm.start(
                name,
                Standalone.class.getName(),
                Map.of(),
                List.of("--cloudroutes.port=" + port, "--cloudroutes.data-dir=" + data),
                LOGS);
    }

    /** Waits until every component has started: the UI answers and the command printed that it runs. */
    private static void awaitHealthy(ChildJvm standalone, String ui) {
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the standalone stopped", () -> !standalone.isAlive())
                .until(standalone::logTail, log -> log.contains("CloudRoutes is running"));
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast("the standalone stopped", () -> !standalone.isAlive())
                .until(() -> client.send(
                                        HttpRequest.newBuilder(URI.create(ui + "/actuator/health"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
    }

    private static Optional<Long> livePid(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    }
}
