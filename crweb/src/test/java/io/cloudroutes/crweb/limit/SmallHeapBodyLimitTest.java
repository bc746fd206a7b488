package io.cloudroutes.crweb.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.system.SecretTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A body of 1 GB (and one of 5 MB) costs crweb no more than its 1 MiB limit in memory: crweb runs as its own JVM with
 * a 96 MB heap that exits on an OutOfMemoryError, and gets such bodies, several at once, declared by Content-Length
 * and streamed in chunks, at a webhook endpoint, a heartbeat ping, REST API endpoints (a JSON POST and a form-encoded
 * PUT, which Spring would otherwise parse whole before any limit) and the login form. Each is answered 413 with the
 * JSON error, crweb closes the connection after reading at most a few MB of the rest (it does not swallow the 1 GB),
 * and it stays up and keeps working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmallHeapBodyLimitTest {

    static final long ONE_GB = 1024L * 1024 * 1024;
    static final long FIVE_MB = 5L * 1024 * 1024;
    static final long LIMIT = 1024 * 1024;
    /** Sent before the answer is awaited: past the limit, so that crweb has read enough of a streamed body to refuse it. */
    static final long PAST_THE_LIMIT = LIMIT + 64 * 1024;
    /**
     * What crweb may take of a refused body, at most: the limit, the 2 MB Tomcat drops before closing, and what the
     * sockets' buffers on both sides hold on loopback. Far below the 1 GB that was offered.
     */
    static final long TAKEN_AT_MOST = 64L * 1024 * 1024;

    final JsonMapper json = JsonMapper.builder().build();
    TestInfrastructure infrastructure;
    CrwebProcess crweb;
    String apiKey;
    long monitorId;
    String pushSecret;
    String pingSecret;

    @BeforeAll
    void crwebWithASmallHeap() throws Exception {
        infrastructure = TestInfrastructure.start();
        crweb = CrwebProcess.start("96m", infrastructure.properties(), Path.of("target", "small-heap"));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    assertThat(crweb.isAlive()).as(crweb::logTail).isTrue();
                    assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
                });
        JdbcTemplate jdbc = new JdbcTemplate(infrastructure.database());
        Long owner = jdbc.queryForObject(
                "insert into users (email, password_hash) values (?, 'x') returning id", Long.class, "ops@example.com");
        apiKey = SecretTokens.generate("crk_");
        jdbc.update(
                "with o as (select ?::bigint as id) insert into api_keys (team_id, owner_id, name, prefix, key_hash) "
                        + "select t.id, o.id, 'ci', ?, ? from o join teams t on t.personal_of = o.id",
                owner,
                apiKey.substring(0, 10),
                SecretTokens.hash(apiKey));
        JsonNode webhook = json.readTree(post("/api/v1/monitors", "{\"name\":\"deploys\",\"checkType\":\"webhook\"}"));
        monitorId = webhook.get("id").asLong();
        pushSecret = webhook.get("pushSecret").asString();
        pingSecret = json.readTree(
                        post(
                                "/api/v1/monitors",
                                "{\"name\":\"backup\",\"checkType\":\"heartbeat\","
                                        + "\"settings\":{\"schedule\":\"period\",\"periodSeconds\":\"3600\",\"graceSeconds\":\"300\"}}"))
                .get("pushSecret")
                .asString();
    }

    @AfterAll
    void stop() throws IOException {
        if (crweb != null) {
            crweb.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + crweb.port() + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private String post(String path, String body) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + crweb.port() + path))
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return response.body();
        }
    }

    /** One oversized request: what it is, and how it is sent. */
    record Upload(
            String what,
            String method,
            String path,
            Map<String, String> headers,
            String start,
            long bytes,
            boolean chunked) {

        HugeUpload.Outcome send(int port) throws IOException, InterruptedException {
            return HugeUpload.send(port, method, path, headers, start, bytes, chunked, chunked ? PAST_THE_LIMIT : 0);
        }
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    private List<Upload> oversized() {
        String webhook = "/api/v1/webhooks/generic/" + monitorId;
        Map<String, String> pushed = headers("X-CloudRoutes-Secret", pushSecret, "Content-Type", "application/json");
        Map<String, String> api = headers("Authorization", "Bearer " + apiKey, "Content-Type", "application/json");
        Map<String, String> apiForm =
                headers("Authorization", "Bearer " + apiKey, "Content-Type", "application/x-www-form-urlencoded");
        Map<String, String> form = headers("Content-Type", "application/x-www-form-urlencoded");
        String json = "{\"status\":\"failed\",\"reason\":\"";
        List<Upload> uploads = new ArrayList<>();
        for (boolean chunked : new boolean[] {false, true}) {
            String how = chunked ? " (chunked)" : " (Content-Length)";
            uploads.add(new Upload("webhook" + how, "POST", webhook, pushed, json, ONE_GB, chunked));
            uploads.add(new Upload("API POST" + how, "POST", "/api/v1/monitors", api, "{\"name\":\"", ONE_GB, chunked));
            uploads.add(new Upload(
                    "API form PUT" + how, "PUT", "/api/v1/monitors/" + monitorId, apiForm, "name=", ONE_GB, chunked));
            uploads.add(
                    new Upload("login form" + how, "POST", "/login", form, "username=a&password=", ONE_GB, chunked));
        }
        uploads.add(new Upload(
                "ping, 5 MB (chunked)",
                "POST",
                "/ping/" + pingSecret,
                headers("Content-Type", "text/plain"),
                "",
                FIVE_MB,
                true));
        return uploads;
    }

    @Test
    void oneGigabyteBodiesAreRefused413WithinTheLimitAndCrwebStaysUp() throws Exception {
        List<Upload> uploads = oversized();
        Map<Upload, HugeUpload.Outcome> outcomes = new LinkedHashMap<>();
        // all at once: each costs at most the limit, so together they still fit in the small heap
        try (ExecutorService senders = Executors.newFixedThreadPool(uploads.size())) {
            Map<Upload, Future<HugeUpload.Outcome>> running = new LinkedHashMap<>();
            for (Upload upload : uploads) {
                running.put(upload, senders.submit(() -> upload.send(crweb.port())));
            }
            for (Map.Entry<Upload, Future<HugeUpload.Outcome>> entry : running.entrySet()) {
                outcomes.put(entry.getKey(), entry.getValue().get());
            }
        }

        for (Map.Entry<Upload, HugeUpload.Outcome> entry : outcomes.entrySet()) {
            Upload upload = entry.getKey();
            HugeUpload.Outcome outcome = entry.getValue();
            RawHttp.Answer answer = outcome.answer();
            assertThat(answer.status())
                    .as(upload.what() + ": " + answer.body() + "\n" + crweb.logTail())
                    .isEqualTo(413);
            assertThat(answer.headers().get("content-type")).as(upload.what()).startsWith("application/json");
            JsonNode error = json.readTree(answer.body());
            assertThat(error.get("code").asString()).as(upload.what()).isEqualTo("body_too_large");
            assertThat(error.get("fields").get("body").asString())
                    .as(upload.what())
                    .startsWith("at most 1 MiB");
            if (upload.bytes() == ONE_GB) {
                assertThat(outcome.closedEarly())
                        .as(upload.what() + ": crweb closed the connection")
                        .isTrue();
                assertThat(outcome.bodyBytesSent())
                        .as(upload.what() + ": bytes crweb took")
                        .isLessThan(TAKEN_AT_MOST);
            }
        }

        assertThat(crweb.isAlive()).as(crweb::logTail).isTrue();
        assertThat(crweb.log()).doesNotContain("OutOfMemoryError");
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> delivery = client.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + crweb.port() + "/api/v1/webhooks/generic/" + monitorId))
                            .header("X-CloudRoutes-Secret", pushSecret)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"status\":\"failed\",\"reason\":\"disk full\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(delivery.statusCode()).as(delivery.body()).isEqualTo(202);
        }
    }
}
