package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.reactions.haproxy.HaproxyServer;
import io.cloudroutes.reactions.haproxy.HttpBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * CloudRoutes moves traffic away from a failing server behind a real HAProxy and back when it recovers: a monitor
 * checks server A directly, its haproxy reaction (created through the REST API) drains A when A answers 503, requests
 * through HAProxy keep succeeding on B, and when A recovers the actioner restores it to ready and it serves again.
 * HAProxy runs without health checks of its own, so every state change of A is CloudRoutes' doing.
 */
class HaproxyDrainEndToEndTest {

    @TempDir
    static Path dataDirectory;

    @TempDir
    static Path haproxyDirectory;

    static HttpBackend a;
    static HttpBackend b;
    static HaproxyServer haproxy;
    static Standalone cloudroutes;

    @BeforeAll
    static void start() {
        a = HttpBackend.started("A");
        b = HttpBackend.started("B");
        haproxy = HaproxyServer.start(haproxyDirectory, "web", Map.of("a", a.port(), "b", b.port()));
        cloudroutes = Standalone.start(
                EndToEndDatabase.config(
                        dataDirectory,
                        "default",
                        Map.of(
                                "cloudroutes.monitors.min-interval-seconds", "1",
                                "cloudroutes.public-url", "http://cloudroutes.test",
                                // the breaker's settle delay, shortened: the failover here is awaited for 30 s
                                "cloudroutes.safeguards.settle", "2s")),
                LoopbackAllowed.ENV);
    }

    @AfterAll
    static void stop() {
        if (cloudroutes != null) {
            cloudroutes.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        a.close();
        b.close();
    }

    @Test
    void drainsAFailingServerInHaproxyAndPutsItBackWhenItRecovers() {
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("lb@example.com", "correct horse battery");
        ApiClient api = new ApiClient(cloudroutes.url(), browser.createApiKey("haproxy drain"));

        ApiClient.Answer reaction = api.post("/api/v1/reactions", """
                {"name":"drain web/a","reactionType":"haproxy","callOn":"FAILED","triggerCount":1,
                 "frequencySeconds":0,
                 "settings":{"address":"%s","backend":"web","server":"a","mode":"drain"}}""".formatted(haproxy.runtimeApiAddress()));
        assertThat(reaction.status()).as("reaction answer %s", reaction.body()).isEqualTo(201);
        long reactionId = reaction.body().get("id").asLong();
        ApiClient.Answer monitor = api.post("/api/v1/monitors", """
                {"name":"web server a","checkType":"http","intervalSeconds":1,"timeoutSeconds":1,
                 "failureThreshold":1,"recoveryThreshold":1,"zones":["default"],
                 "settings":{"url":"%s","expectedStatus":"200"}}""".formatted(a.url()));
        assertThat(monitor.status()).as("monitor answer %s", monitor.body()).isEqualTo(201);
        long id = monitor.body().get("id").asLong();
        assertThat(api.put("/api/v1/monitors/" + id + "/reactions/" + reactionId, null)
                        .status())
                .isEqualTo(204);

        awaitStatus(api, id, "HEALTHY");
        assertThat(servedBy(4)).containsOnly("200 A", "200 B").contains("200 A", "200 B");

        a.fail();
        awaitStatus(api, id, "FAILED");
        await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.state("a"), "drain"::equals);
        assertThat(servedBy(6)).as("HAProxy sends everything to B").containsOnly("200 B");
        JsonNode drained = await().atMost(Duration.ofSeconds(30))
                .until(() -> runs(api, id), runs -> runs.size() == 1)
                .get(0);
        assertThat(drained.get("outcome").asString()).isEqualTo("EXECUTED");
        assertThat(drained.get("restore").asBoolean()).isFalse();
        assertThat(drained.get("output").asString())
                .isEqualTo("HAProxy at " + haproxy.runtimeApiAddress()
                        + " (TCP): set server web/a state drain\n"
                        + "web/a is now drain (admin state 8: forced drain), operational state running");

        a.recover();
        awaitStatus(api, id, "HEALTHY");
        await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.state("a"), "ready"::equals);
        assertThat(servedBy(4))
                .as("A serves again")
                .containsOnly("200 A", "200 B")
                .contains("200 A", "200 B");
        JsonNode restored = await().atMost(Duration.ofSeconds(30))
                .until(() -> runs(api, id), runs -> runs.size() == 2)
                .get(0);
        assertThat(restored.get("outcome").asString()).isEqualTo("EXECUTED");
        assertThat(restored.get("restore").asBoolean()).isTrue();
        assertThat(restored.get("output").asString())
                .isEqualTo("restore: HAProxy at " + haproxy.runtimeApiAddress()
                        + " (TCP): set server web/a state ready\n"
                        + "web/a is now ready (admin state 0), operational state running");
    }

    /** Status and body of the next {@code count} requests through HAProxy, each on its own connection. */
    private static List<String> servedBy(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> haproxy.get())
                .map(answer -> answer.status() + " " + answer.body())
                .toList();
    }

    private static JsonNode awaitStatus(ApiClient api, long id, String status) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/v1/monitors/" + id + "/status").body(),
                        body -> status.equals(body.get("status").asString()));
    }

    /** The monitor's reaction runs, newest first. */
    private static List<JsonNode> runs(ApiClient api, long id) {
        return StreamSupport.stream(
                        api.get("/api/v1/monitors/" + id + "/reaction-runs")
                                .body()
                                .get("items")
                                .spliterator(),
                        false)
                .toList();
    }
}
