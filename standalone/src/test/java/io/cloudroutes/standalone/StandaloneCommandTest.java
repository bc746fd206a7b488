package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar cloudroutes.jar} as a person starts it: its own JVM, settings on the command line. */
class StandaloneCommandTest {

    static final Path LOGS = Path.of("target", "standalone-command");

    @TempDir
    Path dataDirectory;

    @Test
    void aCommandLineItCannotFollowStopsItWithAMessageAndExitCodeTwo() throws IOException {
        try (ChildJvm standalone = ChildJvm.start(
                "bad-argument",
                Standalone.class.getName(),
                Map.of(),
                List.of("--cloudroutes.data-dir=" + dataDirectory, "9000"),
                LOGS)) {
            assertThat(standalone.exitCode(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(Files.readString(LOGS.resolve("bad-argument.log")))
                    .contains("cannot read the argument '9000'")
                    .contains("--cloudroutes.port=9000");
        }
        assertThat(dataDirectory).isEmptyDirectory();
    }

    @Test
    void itServesOnThePortFromTheCommandLineOnLoopbackOnlyAndLinksToThatAddress() throws Exception {
        int port = LoopbackPorts.next();
        try (ChildJvm standalone = ChildJvm.start(
                "loopback",
                Standalone.class.getName(),
                Map.of(),
                List.of("--cloudroutes.port=" + port, "--cloudroutes.data-dir=" + dataDirectory),
                LOGS)) {
            String ui = "http://127.0.0.1:" + port;
            HttpClient client = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .failFast("the standalone stopped", () -> !standalone.isAlive())
                    .until(() -> client.send(
                                            HttpRequest.newBuilder(URI.create(ui + "/actuator/health"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200);

            // bound to 127.0.0.1 alone: another loopback address of this machine is not answered
            assertThatThrownBy(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress("127.0.0.2", port), 2000);
                        }
                    })
                    .isInstanceOf(ConnectException.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> Files.readString(LOGS.resolve("loopback.log")),
                            log -> log.contains("Open " + ui + " in your browser"));

            WebSession browser = new WebSession(ui);
            browser.signUpAndLogIn("ops@example.com", "correct horse battery");
            ApiClient api = new ApiClient(ui, browser.createApiKey("links"));
            ApiClient.Answer created = api.post("/api/v1/monitors", "{\"name\":\"dd\",\"checkType\":\"datadog\"}");
            assertThat(created.status()).isEqualTo(201);
            long id = created.body().get("id").asLong();
            assertThat(created.body().get("pushEndpoints").get(0).get("url").asString())
                    .isEqualTo(ui + "/api/v1/webhooks/datadog/" + id);
            assertThat(browser.get("/monitors/" + id).body()).contains(ui + "/api/v1/webhooks/datadog/" + id);
        }
    }
}
