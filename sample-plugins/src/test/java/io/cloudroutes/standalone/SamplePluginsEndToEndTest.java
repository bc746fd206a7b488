package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Plugins from a jar of their own (this module's {@code io.cloudroutes.sample}), found by a standalone CloudRoutes on
 * its class path the way any plugin is: no line of crweb, crbridge or the cram processes names them. The pushed type's
 * webhook is served at the path it claims and its deliveries read by its own code; the polled type's checks are
 * scheduled, sent through the broker and run by a worker; the reaction type runs on the changes they cause.
 */
class SamplePluginsEndToEndTest {

    @TempDir
    static Path dataDirectory;

    @TempDir
    static Path files;

    static Standalone cloudroutes;
    static ApiClient api;

    @BeforeAll
    static void startCloudRoutes() {
        cloudroutes = Standalone.start(
                EndToEndDatabase.config(
                        dataDirectory,
                        "default",
                        Map.of(
                                "cloudroutes.monitors.min-interval-seconds", "1",
                                "cloudroutes.public-url", "http://cloudroutes.test")),
                LoopbackAllowed.ENV);
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("plugins@example.com", "correct horse battery");
        api = new ApiClient(cloudroutes.url(), browser.createApiKey("plugins"));
    }

    @AfterAll
    static void stop() {
        if (cloudroutes != null) {
            cloudroutes.close();
        }
    }

    @Test
    void thePluginsAreListedWithTheSettingsTheyDeclare() {
        JsonNode checkTypes = api.get("/api/v1/check-types").body();
        assertThat(ids(checkTypes)).contains("deploy-report", "marker-file", "http", "datadog");
        assertThat(type(checkTypes, "deploy-report").get("pushed").asBoolean()).isTrue();
        assertThat(type(checkTypes, "marker-file").get("pushed").asBoolean()).isFalse();
        assertThat(ids(api.get("/api/v1/reaction-types").body())).contains("journal", "email");

        ApiClient.Answer relative = api.post("/api/v1/monitors", """
                {"name":"relative","checkType":"marker-file","intervalSeconds":1,"zones":["default"],
                 "settings":{"path":"backup.ready"}}""");
        assertThat(relative.status()).isEqualTo(422);
        assertThat(relative.body().toString()).contains("Path must be absolute, e.g. /var/run/backup.ready");
    }

    @Test
    void aPolledPluginIsCheckedByWorkersAndAReactionPluginRunsOnItsChanges() throws IOException {
        Path marker = Files.writeString(files.resolve("backup.ready"), "ok");
        Path journal = files.resolve("journal.log");
        ApiClient.Answer reaction = api.post("/api/v1/reactions", """
                {"name":"journal","reactionType":"journal","callOn":"BOTH","triggerCount":1,"frequencySeconds":0,
                 "settings":{"file":"%s"}}""".formatted(journal));
        assertThat(reaction.status()).as("reaction answer %s", reaction.body()).isEqualTo(201);
        ApiClient.Answer monitor = api.post("/api/v1/monitors", """
                {"name":"nightly backup","checkType":"marker-file","intervalSeconds":1,"timeoutSeconds":1,
                 "failureThreshold":1,"recoveryThreshold":1,"zones":["default"],"settings":{"path":"%s"}}""".formatted(marker));
        assertThat(monitor.status()).as("monitor answer %s", monitor.body()).isEqualTo(201);
        long id = monitor.body().get("id").asLong();
        assertThat(monitor.body().get("target").asString()).isEqualTo(marker.toString());
        assertThat(api.put(
                                "/api/v1/monitors/" + id + "/reactions/"
                                        + reaction.body().get("id").asLong(),
                                null)
                        .status())
                .isEqualTo(204);

        assertThat(awaitStatus(id, "HEALTHY").get("reason").asString()).isEqualTo(marker + " is present");
        Files.delete(marker);
        assertThat(awaitStatus(id, "FAILED").get("reason").asString()).isEqualTo("no file at " + marker);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(journal)
                        && Files.readString(journal, StandardCharsets.UTF_8).contains("FAILED"));
        assertThat(Files.readAllLines(journal)).contains("nightly backup HEALTHY -> FAILED: no file at " + marker);
    }

    @Test
    void aPushedPluginTakesItsDeliveriesAtThePathItClaims() {
        ApiClient.Answer created = api.post("/api/v1/monitors", """
                {"name":"shop deploys","checkType":"deploy-report"}""");
        assertThat(created.status()).as("create answer %s", created.body()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        assertThat(created.body().get("pushEndpoints").get(0).get("url").asString())
                .isEqualTo("http://cloudroutes.test/api/v1/webhooks/deploy-report/" + id);
        ApiClient pipeline = new ApiClient(
                cloudroutes.url(), created.body().get("pushSecret").asString());
        String path = "/api/v1/webhooks/deploy-report/" + id;

        ApiClient.Answer failed = pipeline.post(path, """
                {"deployId":"build-981","outcome":"failed","version":"2.4.1"}""");
        assertThat(failed.status()).as("answer %s", failed.body()).isEqualTo(202);
        assertThat(awaitStatus(id, "FAILED").get("reason").asString()).isEqualTo("deploy 2.4.1 failed");
        // the pipeline retries a report it did not see answered: recorded once
        assertThat(pipeline.post(path, """
                        {"deployId":"build-981","outcome":"failed","version":"2.4.1"}""").body().get("duplicate").asBoolean()).isTrue();
        ApiClient.Answer unknown = pipeline.post(path, """
                {"deployId":"build-982","outcome":"cancelled"}""");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body().get("unrecognized").asBoolean()).isTrue();
        ApiClient.Answer refused = pipeline.post(path, """
                {"outcome":"failed"}""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("fields").get("deployId").asString())
                .isEqualTo("deployId is required: the pipeline's id of the deploy");

        assertThat(pipeline.post(path, """
                        {"deployId":"build-983","outcome":"succeeded","version":"2.4.2"}""").status()).isEqualTo(202);
        assertThat(awaitStatus(id, "HEALTHY").get("reason").asString()).isEqualTo("deploy 2.4.2 succeeded");

        // another type's path does not take this monitor, and a path no type claims is no endpoint
        assertThat(pipeline.post("/api/v1/webhooks/datadog/" + id, "{}").status())
                .isEqualTo(404);
        assertThat(pipeline.post("/api/v1/webhooks/no-such-type/" + id, "{}")
                        .body()
                        .get("code")
                        .asString())
                .isEqualTo("not_found");
    }

    @Test
    void aPushedPluginsSetupGuideIsOnItsMonitorsPage() {
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("guide@example.com", "correct horse battery");
        long id = new ApiClient(cloudroutes.url(), browser.createApiKey("guide"))
                .post("/api/v1/monitors", "{\"name\":\"api deploys\",\"checkType\":\"deploy-report\"}")
                .body()
                .get("id")
                .asLong();

        String page = browser.get("/monitors/" + id).body();

        assertThat(page)
                .contains("id=\"deploy-report-setup\"")
                .contains("Report deploys from the pipeline")
                .contains("Add this step at the end of the <strong>deploy job</strong>")
                .contains("id=\"deploy-report-step\"")
                .contains("http://cloudroutes.test/api/v1/webhooks/deploy-report/" + id);
    }

    private static JsonNode awaitStatus(long id, String status) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/v1/monitors/" + id + "/status").body(),
                        body -> status.equals(body.get("status").asString()));
    }

    private static List<String> ids(JsonNode types) {
        return StreamSupport.stream(types.spliterator(), false)
                .map(t -> t.get("id").asString())
                .toList();
    }

    private static JsonNode type(JsonNode types, String id) {
        return StreamSupport.stream(types.spliterator(), false)
                .filter(t -> t.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
