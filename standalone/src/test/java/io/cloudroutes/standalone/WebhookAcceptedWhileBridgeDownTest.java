package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.zmq.TestPlane;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook that crweb answered 2xx is never lost: Datadog's notification arrives while crbridge is not running, and
 * once crbridge starts the monitor becomes FAILED with exactly one event.
 */
class WebhookAcceptedWhileBridgeDownTest {

    private static final Pattern SECRET = Pattern.compile("crw_[A-Za-z0-9_-]{43}");

    @TempDir
    static Path data;

    static EmbeddedServers.Database postgres;
    static TestRedis redis;
    static int webPort;
    static int bridgePort;
    static Map<String, String> env;
    static final List<ChildJvm> processes = new ArrayList<>();

    @BeforeAll
    static void startCrwebAlone() {
        postgres = EmbeddedServers.postgres(data);
        redis = TestRedis.start();
        webPort = LoopbackPorts.next();
        bridgePort = LoopbackPorts.next();
        env = new LinkedHashMap<>();
        env.put("CLOUDROUTES_DATABASE_URL", postgres.url());
        env.put("CLOUDROUTES_DATABASE_USERNAME", postgres.application().username());
        env.put("CLOUDROUTES_DATABASE_PASSWORD", postgres.application().password());
        env.put("CLOUDROUTES_DATABASE_OWNER_USERNAME", postgres.owner().username());
        env.put("CLOUDROUTES_DATABASE_OWNER_PASSWORD", postgres.owner().password());
        env.put("CLOUDROUTES_RESULTS_ENDPOINT", "tcp://127.0.0.1:" + LoopbackPorts.next());
        env.put("CLOUDROUTES_PORT", String.valueOf(webPort));
        env.put("CLOUDROUTES_BRIDGE_PORT", String.valueOf(bridgePort));
        env.put("CLOUDROUTES_SECRET_KEY", SecretBox.newKey());
        // crweb alone, without SMTP: the test's account logs in without the confirmation mail it could not get
        env.put("CLOUDROUTES_ACCOUNTS_REQUIRE_EMAIL_CONFIRMATION", "false");
        // crbridge's results socket needs the actioners' CURVE key
        env.putAll(TestPlane.env(TestPlane.ACTIONER));
        processes.add(ChildJvm.start(
                "crweb", "io.cloudroutes.crweb.CrwebApplication", withRedisUser(TestRedis.CRWEB), List.of(), logs()));
        awaitHealthy("crweb", webPort);
    }

    @AfterAll
    static void stopEverything() throws IOException {
        processes.reversed().forEach(ChildJvm::close);
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aDatadogAlertAcceptedWhileCrbridgeIsDownIsFoldedOnceItStarts() throws Exception {
        WebSession browser = new WebSession("http://127.0.0.1:" + webPort);
        browser.signUpAndLogIn("ops@example.com", "correct horse battery");
        HttpResponse<String> created = browser.submit(
                "/monitors/new?type=datadog",
                "/monitors",
                List.of(
                        Map.entry("name", "checkout latency (Datadog)"),
                        Map.entry("failThreshold", "1"),
                        Map.entry("recoverThreshold", "1"),
                        Map.entry("enabled", "true"),
                        Map.entry("settings[warnAs]", "IGNORE")));
        assertThat(created.statusCode()).as("create answer: %s", created.body()).isEqualTo(302);
        String location = URI.create(created.headers().firstValue("Location").orElseThrow())
                .getPath();
        long monitorId = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        Matcher secret = SECRET.matcher(browser.get(location).body());
        assertThat(secret.find())
                .as("the monitor page shows the new secret once")
                .isTrue();

        HttpResponse<String> delivered = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + webPort + "/api/v1/webhooks/datadog/" + monitorId))
                                .header("Content-Type", "application/json")
                                .header("X-CloudRoutes-Secret", secret.group())
                                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"id":"4242","alert_transition":"Triggered","title":"[Triggered] checkout p99 above 2 s",\
                        "body":"p99 is 2.7 s","link":"https://app.datadoghq.com/monitors/1"}"""))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(delivered.statusCode())
                .as("webhook answer: %s", delivered.body())
                .isEqualTo(202);

        processes.add(ChildJvm.start(
                "crbridge",
                "io.cloudroutes.crbridge.CrbridgeApplication",
                withRedisUser(TestRedis.CRBRIDGE),
                List.of(),
                logs()));
        Database database = new Database(postgres.url(), postgres.application());
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .failFast("a CloudRoutes process stopped (see target/webhook-bridge-down)", this::aProcessDied)
                .until(() -> database.transitions(monitorId), t -> !t.isEmpty());
        RedisClient client = RedisClient.create(redis.url(TestRedis.ADMIN));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            // Acknowledged means the actioner is done with it: nothing more can come of this delivery.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> connection
                                    .sync()
                                    .xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                                    .getCount()
                            == 0);
            assertThat(connection.sync().hget(RedisKeys.state(monitorId), RedisKeys.StateField.STATUS))
                    .isEqualTo("FAILED");
        } finally {
            client.shutdown();
        }
        assertThat(database.transitions(monitorId)).containsExactly("UNKNOWN->FAILED");
        assertThat(database.strings("select reason from events where monitor_id = ?", monitorId))
                .containsExactly(
                        "Datadog Triggered: [Triggered] checkout p99 above 2 s - p99 is 2.7 s (https://app.datadoghq.com/monitors/1)");
    }

    private boolean aProcessDied() {
        for (ChildJvm process : processes) {
            if (!process.isAlive()) {
                System.err.println(process.logTail());
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> withRedisUser(String user) {
        Map<String, String> own = new LinkedHashMap<>(env);
        own.put("CLOUDROUTES_REDIS_URL", redis.url(user));
        return own;
    }

    private static Path logs() {
        return Path.of("target", "webhook-bridge-down");
    }

    private static void awaitHealthy(String name, int port) {
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .failFast(
                        "a CloudRoutes process stopped",
                        () -> processes.stream().anyMatch(p -> !p.isAlive()))
                .ignoreExceptions()
                .alias(name + " reports UP")
                .until(() -> client.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
    }
}
