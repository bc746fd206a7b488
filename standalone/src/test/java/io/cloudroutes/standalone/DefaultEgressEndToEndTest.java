package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The embedded default as a person starts it, with nothing allowed: a monitor of a service on the same machine
 * ({@code http://localhost:<port>}) is refused before anything is sent, with a reason that names the setting to change.
 */
class DefaultEgressEndToEndTest {

    @TempDir
    static Path dataDirectory;

    static Standalone cloudroutes;
    static ServerSocket localService;
    static final AtomicInteger connections = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        localService = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!localService.isClosed()) {
                try (Socket ignored = localService.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        cloudroutes = Standalone.start(EndToEndDatabase.config(
                dataDirectory, "default", Map.of("cloudroutes.monitors.min-interval-seconds", "1")));
    }

    @AfterAll
    static void stop() throws IOException {
        if (cloudroutes != null) {
            cloudroutes.close();
        }
        localService.close();
    }

    @Test
    void aMonitorOfLocalhostIsRefusedWithTheSettingThatAllowsIt() {
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("me@example.com", "correct horse battery");
        ApiClient api = new ApiClient(cloudroutes.url(), browser.createApiKey("local"));
        int port = localService.getLocalPort();

        ApiClient.Answer monitor = api.post("/api/v1/monitors", """
                {"name":"my app","checkType":"http","intervalSeconds":1,"timeoutSeconds":1,"failureThreshold":1,
                 "zones":["default"],"settings":{"url":"http://localhost:%d/"}}""".formatted(port));
        assertThat(monitor.status()).as("monitor answer %s", monitor.body()).isEqualTo(201);

        JsonNode failed = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/v1/monitors/"
                                        + monitor.body().get("id").asLong() + "/status")
                                .body(),
                        body -> "FAILED".equals(body.get("status").asString()));
        assertThat(failed.get("reason").asString())
                .isEqualTo("localhost:" + port + " (127.0.0.1) refused by the"
                        + " egress policy (loopback); set CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
        assertThat(connections).hasValue(0);
    }
}
