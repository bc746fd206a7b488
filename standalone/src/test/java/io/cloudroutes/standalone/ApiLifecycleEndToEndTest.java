package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A monitor's whole life driven through the REST API alone, on the embedded default: created with a webhook reaction
 * linked, HEALTHY, FAILED when its service stops (the reaction's POST arrives), HEALTHY again, held by hand and
 * released, changed, and deleted — every step read back through the API.
 */
class ApiLifecycleEndToEndTest {

    @TempDir
    static Path dataDirectory;

    static Standalone cloudroutes;
    static HttpTarget target;
    static HttpServer hookReceiver;
    static final List<String> hooksReceived = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCloudRoutes() throws IOException {
        target = HttpTarget.started();
        hookReceiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hookReceiver.createContext("/hooks/ops", exchange -> {
            hooksReceived.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hookReceiver.start();
        cloudroutes = Standalone.start(
                EndToEndDatabase.config(
                        dataDirectory,
                        "default",
                        Map.of(
                                "cloudroutes.monitors.min-interval-seconds", "1",
                                "cloudroutes.public-url", "http://cloudroutes.test")),
                LoopbackAllowed.ENV);
    }

    @AfterAll
    static void stop() {
        if (cloudroutes != null) {
            cloudroutes.close();
        }
        target.close();
        hookReceiver.stop(0);
    }

    @Test
    void aMonitorLivesItsWholeLifeThroughTheApi() {
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("api@example.com", "correct horse battery");
        ApiClient api = new ApiClient(cloudroutes.url(), browser.createApiKey("lifecycle test"));

        assertThat(ids(api.get("/api/v1/check-types").body())).contains("http", "tcp");

        ApiClient.Answer reaction = api.post(
                "/api/v1/reactions", """
                {"name":"tell ops","reactionType":"webhook","callOn":"FAILED","triggerCount":1,"frequencySeconds":0,
                 "settings":{"url":"http://127.0.0.1:%d/hooks/ops"}}""".formatted(hookReceiver.getAddress().getPort()));
        assertThat(reaction.status()).as("reaction answer %s", reaction.body()).isEqualTo(201);
        long reactionId = reaction.body().get("id").asLong();

        ApiClient.Answer monitor = api.post("/api/v1/monitors", """
                {"name":"checkout-api","checkType":"http","intervalSeconds":1,"timeoutSeconds":1,
                 "failureThreshold":2,"recoveryThreshold":1,"zones":["default"],
                 "settings":{"url":"%s","expectedStatus":"200"}}""".formatted(target.url()));
        assertThat(monitor.status()).as("monitor answer %s", monitor.body()).isEqualTo(201);
        long id = monitor.body().get("id").asLong();
        assertThat(api.put("/api/v1/monitors/" + id + "/reactions/" + reactionId, null)
                        .status())
                .isEqualTo(204);

        awaitStatus(api, id, "HEALTHY");

        target.stop();
        JsonNode failed = awaitStatus(api, id, "FAILED");
        assertThat(failed.get("reason").asString()).containsIgnoringCase("refused");
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(api, id), o -> o.equals(List.of("EXECUTED")));
        assertThat(hooksReceived)
                .singleElement()
                .asString()
                .startsWith("POST application/json")
                .contains("checkout-api")
                .contains("FAILED");
        JsonNode run = api.get("/api/v1/monitors/" + id + "/reaction-runs")
                .body()
                .get("items")
                .get(0);
        assertThat(run.get("attempts").asInt()).isEqualTo(1);
        assertThat(run.get("attemptLog").get(0).get("outcome").asString()).isEqualTo("EXECUTED");
        assertThat(run.get("attemptLog").get(0).get("output").asString()).contains("HTTP 204");

        target.start();
        awaitStatus(api, id, "HEALTHY");
        awaitTransitions(api, id, "FAILED->HEALTHY", "HEALTHY->FAILED", "UNKNOWN->HEALTHY");

        // Held at FAILED by hand: shown with who held it, and recorded as a transition; released, it follows checks.
        ApiClient.Answer held = api.put("/api/v1/monitors/" + id + "/override", "{\"status\":\"FAILED\"}");
        assertThat(held.body().get("override").get("by").asString()).isEqualTo("api@example.com (API)");
        awaitStatus(api, id, "FAILED");
        assertThat(api.delete("/api/v1/monitors/" + id + "/override").status()).isEqualTo(200);
        awaitStatus(api, id, "HEALTHY");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> transitions(api, id).getFirst(), "FAILED->HEALTHY"::equals);

        ApiClient.Answer changed = api.put("/api/v1/monitors/" + id, "{\"intervalSeconds\":5}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/monitors/" + id)
                        .body()
                        .get("intervalSeconds")
                        .asInt())
                .isEqualTo(5);

        assertThat(api.delete("/api/v1/monitors/" + id).status()).isEqualTo(204);
        ApiClient.Answer gone = api.get("/api/v1/monitors/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().get("code").asString()).isEqualTo("not_found");
        assertThat(api.get("/api/v1/monitors").body().get("totalItems").asLong())
                .isZero();
    }

    @Test
    void aDatadogWebhookFailsAMonitorAndRecoversItWithOneEventEach() {
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("datadog@example.com", "correct horse battery");
        ApiClient api = new ApiClient(cloudroutes.url(), browser.createApiKey("datadog setup"));

        ApiClient.Answer created =
                api.post("/api/v1/monitors", "{\"name\":\"shop p99 latency\",\"checkType\":\"datadog\"}");
        assertThat(created.status()).as("create answer %s", created.body()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        String secret = created.body().get("pushSecret").asString();
        assertThat(created.body().get("failureThreshold").asInt()).isEqualTo(1);
        assertThat(created.body().get("pushEndpoints").get(0).get("url").asString())
                .isEqualTo("http://cloudroutes.test/api/v1/webhooks/datadog/" + id);
        assertThat(api.get("/api/v1/monitors/" + id).body().has("pushSecret"))
                .as("shown once")
                .isFalse();

        ApiClient webhook = new ApiClient(cloudroutes.url(), secret);
        String triggered = datadogPayload("7461283", "Triggered");
        assertThat(webhook.post("/api/v1/webhooks/datadog/" + id, triggered).status())
                .isEqualTo(202);
        JsonNode failed = awaitStatus(api, id, "FAILED");
        assertThat(failed.get("reason").asString()).contains("p99 latency on shop");
        // Datadog retries a delivery it thinks failed: the same $ID is recorded once.
        assertThat(webhook.post("/api/v1/webhooks/datadog/" + id, triggered)
                        .body()
                        .get("duplicate")
                        .asBoolean())
                .isTrue();

        assertThat(webhook.post("/api/v1/webhooks/datadog/" + id, datadogPayload("7461299", "Recovered"))
                        .status())
                .isEqualTo(202);
        awaitStatus(api, id, "HEALTHY");
        awaitTransitions(api, id, "FAILED->HEALTHY", "UNKNOWN->FAILED");
    }

    @Test
    void allowingLoopbackNeverOpensTheEmbeddedRedisOrDatabaseToAMonitor() {
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("prober@example.com", "correct horse battery");
        ApiClient api = new ApiClient(cloudroutes.url(), browser.createApiKey("probe"));
        String redisPort =
                cloudroutes.redisUrl().substring(cloudroutes.redisUrl().lastIndexOf(':') + 1);

        ApiClient.Answer monitor = api.post("/api/v1/monitors", """
                {"name":"our redis?","checkType":"tcp","intervalSeconds":1,"timeoutSeconds":1,"failureThreshold":1,
                 "zones":["default"],"settings":{"host":"127.0.0.1","port":"%s","send":"PING\\r\\n"}}""".formatted(redisPort));
        assertThat(monitor.status()).as("monitor answer %s", monitor.body()).isEqualTo(201);

        JsonNode failed = awaitStatus(api, monitor.body().get("id").asLong(), "FAILED");
        assertThat(failed.get("reason").asString())
                .isEqualTo("127.0.0.1:" + redisPort + " refused by the egress"
                        + " policy (CloudRoutes' own Redis); CloudRoutes' own endpoints are never allowed");
    }

    private static String datadogPayload(String id, String transition) {
        return """
                {"id":"%s","alert_transition":"%s","title":"[%s] p99 latency on shop",
                 "body":"p99 is 2.4 s","link":"https://app.datadoghq.com/monitors/123"}""".formatted(id, transition, transition);
    }

    private static JsonNode awaitStatus(ApiClient api, long id, String status) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/v1/monitors/" + id + "/status").body(),
                        body -> status.equals(body.get("status").asString()));
    }

    /**
     * Waits until the monitor's events, newest first, are these. The live status changes when a result is folded and
     * its event is written just after, so a test that saw the status waits for the event it asserts.
     */
    private static void awaitTransitions(ApiClient api, long id, String... newestFirst) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> transitions(api, id), t -> t.equals(List.of(newestFirst)));
    }

    private static List<String> transitions(ApiClient api, long id) {
        return StreamSupport.stream(
                        api.get("/api/v1/monitors/" + id + "/events")
                                .body()
                                .get("items")
                                .spliterator(),
                        false)
                .map(e -> e.get("from").asString() + "->" + e.get("to").asString())
                .toList();
    }

    private static List<String> outcomes(ApiClient api, long id) {
        return StreamSupport.stream(
                        api.get("/api/v1/monitors/" + id + "/reaction-runs")
                                .body()
                                .get("items")
                                .spliterator(),
                        false)
                .map(run -> run.get("outcome").asString())
                .toList();
    }

    private static List<String> ids(JsonNode types) {
        return StreamSupport.stream(types.spliterator(), false)
                .map(t -> t.get("id").asString())
                .toList();
    }
}
