package io.cloudroutes.crweb.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies over their limit (default 1 MiB for webhooks, pings, the API and forms) are answered
 * 413 with the API's JSON error before they are read, whether their length is declared or they are streamed; and a
 * sender whose secret or key is in a header is authenticated first, so a wrong one is a 401 whatever the body. Through
 * the real server, over sockets, as a sender would send them.
 */
@SpringBootTest(
        classes = CrwebApplication.class,
        properties = "spring.config.name=crweb",
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class BodyLimitTest {

    @Autowired
    TeamRepository teamRepository;

    static final long FIVE_MB = 5L * 1024 * 1024;
    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    LiveRedis liveRedis;

    @Autowired
    JsonMapper json;

    RedisCommands<String, String> redis;
    UserAccount owner;

    @BeforeEach
    void anOwner() {
        redis = liveRedis.connection().sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
    }

    /** A pushed monitor of {@code type} whose secret is returned. */
    private String pushed(String type, Map<String, String> settings, long[] id) {
        String secret = SecretTokens.generate("crw_");
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), type + " monitor", type);
        monitor.setSettings(settings);
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(10);
        monitor.setFailThreshold(1);
        monitor.setPushSecretHash(SecretTokens.hash(secret), Instant.now());
        id[0] = monitors.save(monitor).getId();
        return secret;
    }

    private String apiKey() throws Exception {
        return TestInfrastructure.apiKey(mvc, user(accounts.loadUserByUsername(owner.getEmail())));
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    /** A JSON string field of {@code size} characters, as a body that is valid JSON however much of it is sent. */
    private static byte[] json(int size) {
        return ("{\"status\":\"failed\",\"reason\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private void assertTooLarge(RawHttp.Answer answer, String limit) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.headers().get("content-type")).startsWith("application/json");
        assertThat(answer.body()).contains("\"code\":\"body_too_large\"");
        JsonNode error = json.readTree(answer.body());
        assertThat(error.get("code").asString()).isEqualTo("body_too_large");
        assertThat(error.get("message").asString())
                .startsWith("the request body is larger than " + limit + ", the limit of this endpoint");
        assertThat(error.get("fields").get("body").asString()).startsWith("at most " + limit);
    }

    private long streamLength() {
        return redis.xlen(RedisKeys.RESULTS_STREAM);
    }

    @Test
    void aWebhookBodyDeclaredOverTheLimitIsAnswered413WithoutBeingRead() throws Exception {
        long[] id = new long[1];
        String secret = pushed("webhook", Map.of(), id);
        long before = streamLength();
        RawHttp.Answer answer = RawHttp.send(
                port,
                "POST",
                "/api/v1/webhooks/generic/" + id[0],
                headers(
                        "X-CloudRoutes-Secret",
                        secret,
                        "Content-Type",
                        "application/json",
                        "Content-Length",
                        String.valueOf(FIVE_MB)),
                json(1000),
                0);
        assertTooLarge(answer, "1 MiB");
        assertThat(answer.body()).contains("(Content-Length: " + FIVE_MB + ")");
        assertThat(streamLength()).isEqualTo(before);
    }

    @Test
    void aStreamedWebhookBodyIsAnswered413OnceItPassesTheLimitAndNothingIsRecorded() throws Exception {
        long[] id = new long[1];
        String secret = pushed("webhook", Map.of(), id);
        long before = streamLength();
        RawHttp.Answer answer = RawHttp.send(
                port,
                "POST",
                "/api/v1/webhooks/generic/" + id[0],
                headers("Authorization", "Bearer " + secret, "Content-Type", "application/json"),
                filler(16 * 1024),
                65);
        assertTooLarge(answer, "1 MiB");
        assertThat(streamLength()).isEqualTo(before);
    }

    @Test
    void aWrongSecretInAHeaderIs401WhateverTheBody() throws Exception {
        long[] id = new long[1];
        pushed("datadog", Map.of("warnAs", "IGNORE"), id);
        RawHttp.Answer oversized = RawHttp.send(
                port,
                "POST",
                "/api/v1/webhooks/datadog/" + id[0],
                headers(
                        "X-CloudRoutes-Secret",
                        "crw_wrong",
                        "Content-Type",
                        "application/json",
                        "Content-Length",
                        String.valueOf(FIVE_MB)),
                json(100),
                0);
        assertThat(oversized.status()).isEqualTo(401);
        assertThat(json.readTree(oversized.body()).get("code").asString()).isEqualTo("invalid_secret");
        byte[] malformed = "{\"id\": \"1\", \"alert_transition\": ".getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer broken = RawHttp.send(
                port,
                "POST",
                "/api/v1/webhooks/datadog/" + id[0],
                headers(
                        "Authorization",
                        "Bearer crw_wrong",
                        "Content-Type",
                        "application/json",
                        "Content-Length",
                        String.valueOf(malformed.length)),
                malformed,
                0);
        assertThat(broken.status()).isEqualTo(401);
    }

    @Test
    void aPingBodyOverTheLimitIs413AndAWrongPingSecretStaysA404() throws Exception {
        long[] id = new long[1];
        String secret =
                pushed("heartbeat", Map.of("schedule", "period", "periodSeconds", "3600", "graceSeconds", "300"), id);
        long before = streamLength();
        assertTooLarge(
                RawHttp.send(
                        port,
                        "POST",
                        "/ping/" + secret,
                        headers("Content-Type", "text/plain", "Content-Length", String.valueOf(FIVE_MB)),
                        filler(1000),
                        0),
                "1 MiB");
        assertTooLarge(
                RawHttp.send(
                        port,
                        "POST",
                        "/ping/" + secret + "/fail",
                        headers("Content-Type", "text/plain"),
                        filler(16 * 1024),
                        65),
                "1 MiB");
        assertThat(RawHttp.send(
                                port,
                                "POST",
                                "/ping/crw_wrong",
                                headers("Content-Type", "text/plain", "Content-Length", String.valueOf(FIVE_MB)),
                                filler(1000),
                                0)
                        .status())
                .isEqualTo(404);
        assertThat(streamLength()).isEqualTo(before);
    }

    @Test
    void anApiBodyOverTheLimitIs413AndNotParsedNorStored() throws Exception {
        String key = apiKey();
        long before = monitors.count();
        byte[] monitor = ("{\"name\":\"" + "x".repeat(300 * 1024) + "\",\"checkType\":\"tcp\","
                        + "\"settings\":{\"host\":\"db.internal\",\"port\":\"5432\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertTooLarge(
                RawHttp.send(
                        port,
                        "POST",
                        "/api/v1/monitors",
                        headers(
                                "Authorization",
                                "Bearer " + key,
                                "Content-Type",
                                "application/json",
                                "Content-Length",
                                String.valueOf(FIVE_MB)),
                        monitor,
                        0),
                "1 MiB");
        assertTooLarge(
                RawHttp.send(
                        port,
                        "POST",
                        "/api/v1/monitors",
                        headers("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                        Arrays.copyOf(monitor, 16 * 1024),
                        65),
                "1 MiB");
        assertThat(monitors.count()).isEqualTo(before);
    }

    @Test
    void anApiCallWithoutAValidKeyIs401WhateverTheBody() throws Exception {
        for (Map<String, String> auth :
                java.util.List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer crk_wrong"))) {
            Map<String, String> headers = new LinkedHashMap<>(auth);
            headers.put("Content-Type", "application/json");
            headers.put("Content-Length", String.valueOf(FIVE_MB));
            RawHttp.Answer answer = RawHttp.send(port, "POST", "/api/v1/monitors", headers, filler(1000), 0);
            assertThat(answer.status()).as(auth.toString()).isEqualTo(401);
            assertThat(json.readTree(answer.body()).get("code").asString()).isEqualTo("unauthorized");
        }
    }

    @Test
    void aFormPostOverTheLimitIs413BeforeTheFormIsRead() throws Exception {
        RawHttp.Answer login = RawHttp.send(
                port,
                "POST",
                "/login",
                headers("Content-Type", "application/x-www-form-urlencoded", "Content-Length", String.valueOf(FIVE_MB)),
                "username=a&password=".getBytes(StandardCharsets.US_ASCII),
                0);
        assertTooLarge(login, "1 MiB");
        RawHttp.Answer streamed = RawHttp.send(
                port,
                "POST",
                "/login",
                headers("Content-Type", "application/x-www-form-urlencoded"),
                ("username=a&password=" + "x".repeat(16 * 1024)).getBytes(StandardCharsets.US_ASCII),
                65);
        assertTooLarge(streamed, "1 MiB");
    }

    @Test
    void bodiesWithinTheLimitAreTakenWhetherDeclaredOrStreamed() throws Exception {
        long[] id = new long[1];
        String secret = pushed("webhook", Map.of(), id);
        String key = apiKey();
        HttpClient client = HttpClient.newHttpClient();
        // a body of unknown length is sent chunked
        HttpResponse<String> webhook = client.send(
                HttpRequest.newBuilder()
                        .uri(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/generic/" + id[0]))
                        .header("X-CloudRoutes-Secret", secret)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(json(500 * 1024))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(202);
        HttpResponse<String> api = client.send(
                HttpRequest.newBuilder()
                        .uri(URI.create("http://127.0.0.1:" + port + "/api/v1/monitors"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(("{\"name\":\"db\","
                                                + "\"checkType\":\"tcp\",\"settings\":{\"host\":\"db.internal\",\"port\":\"5432\"}}")
                                        .getBytes(StandardCharsets.UTF_8))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).as(api.body()).isEqualTo(201);
    }
}
