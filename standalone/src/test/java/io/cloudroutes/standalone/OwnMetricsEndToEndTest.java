package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.redis.RedisKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an on-call person scrapes from the embedded default: one Prometheus endpoint, on a port of its own, with the
 * series of every process in the JVM, each under its own {@code process} label; and every metric the shipped Grafana
 * dashboard and alert rules (infra/) use is among them, once a monitor failed and its reaction ran.
 */
class OwnMetricsEndToEndTest {

    private static final Path INFRA = Path.of("..", "infra").toAbsolutePath().normalize();

    @TempDir
    static Path dataDirectory;

    static Standalone cloudroutes;
    static HttpServer hookReceiver;
    static int opsPort;

    @BeforeAll
    static void startCloudRoutes() throws IOException {
        hookReceiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hookReceiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hookReceiver.start();
        opsPort = LoopbackPorts.next();
        cloudroutes = Standalone.start(
                EndToEndDatabase.config(
                        dataDirectory, "default", Map.of("cloudroutes.monitors.min-interval-seconds", "1")),
                LoopbackAllowed.ENV.overriddenBy(Map.of("CLOUDROUTES_OPS_PORT", String.valueOf(opsPort))));
    }

    @AfterAll
    static void stop() {
        if (cloudroutes != null) {
            cloudroutes.close();
        }
        hookReceiver.stop(0);
    }

    private static HttpResponse<String> ops(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(cloudroutes.opsUrl() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** Makes a monitor fail (its port is closed) with a webhook reaction on FAILED, and waits for the reaction's run. */
    private static void aMonitorFailsAndItsReactionRuns() {
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("oncall@example.com", "correct horse battery");
        ApiClient api = new ApiClient(cloudroutes.url(), browser.createApiKey("metrics test"));
        ApiClient.Answer reaction = api.post(
                "/api/v1/reactions", """
                {"name":"tell ops","reactionType":"webhook","callOn":"FAILED","triggerCount":1,"frequencySeconds":0,
                 "settings":{"url":"http://127.0.0.1:%d/hook"}}""".formatted(hookReceiver.getAddress().getPort()));
        assertThat(reaction.status()).as("reaction answer %s", reaction.body()).isEqualTo(201);
        ApiClient.Answer monitor = api.post(
                "/api/v1/monitors", """
                {"name":"closed port","checkType":"tcp","intervalSeconds":1,"timeoutSeconds":1,"failureThreshold":1,
                 "zones":["default"],"reactionIds":[%d],"settings":{"host":"127.0.0.1","port":"%d"}}""".formatted(reaction.body().get("id").asLong(), LoopbackPorts.next()));
        assertThat(monitor.status()).as("monitor answer %s", monitor.body()).isEqualTo(201);
        long id = monitor.body().get("id").asLong();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> api.get("/api/v1/monitors/" + id + "/reaction-runs")
                                .body()
                                .get("items"),
                        runs -> runs.size() == 1
                                && "EXECUTED".equals(runs.get(0).get("outcome").asString()));
    }

    @Test
    void oneEndpointServesTheSeriesOfEveryProcessOnAPortOfItsOwn() throws Exception {
        assertThat(cloudroutes.opsUrl()).isEqualTo("http://127.0.0.1:" + opsPort);
        assertThat(opsPort).isNotEqualTo(cloudroutes.webPort());
        assertThat(ops("/health").body()).isEqualTo("{\"status\":\"UP\"}");

        // the worker's first heartbeat reaches the broker a moment after the standalone says it runs
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        ops("/metrics").body().contains("cloudroutes_broker_workers{process=\"cram-broker\"} 1.0"));
        String scrape = ops("/metrics").body();
        for (String process : new String[] {"cram-broker", "cram-control", "cram-worker", "crbridge", "crweb"}) {
            assertThat(scrape).as("series of " + process).contains("process=\"" + process + "\"");
        }
        assertThat(scrape)
                .contains(
                        "cloudroutes_broker_workers{process=\"cram-broker\"} 1.0",
                        "cloudroutes_worker_capacity{process=\"cram-worker\",zone=\"default\"}",
                        "cloudroutes_actioner_results_pending{process=\"crbridge\",stream=\"" + RedisKeys.RESULTS_STREAM
                                + "\"}",
                        "cloudroutes_bridge_outbox_lag_seconds{process=\"crbridge\"}");
        // a scrape names each family once, however many processes have it
        assertThat(scrape.lines()
                        .filter(line -> line.startsWith("# TYPE jvm_threads_live_threads "))
                        .count())
                .isEqualTo(1);
        // the UI's port does not serve them
        HttpResponse<String> fromUi = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(cloudroutes.url() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(fromUi.body()).doesNotContain("cloudroutes_broker_workers");
    }

    @Test
    void everyMetricTheDashboardAndTheAlertRulesUseIsServed() throws Exception {
        aMonitorFailsAndItsReactionRuns();

        Set<String> used = new TreeSet<>();
        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(INFRA.resolve("grafana/cloudroutes-dashboard.json").toFile());
        dashboard.findValues("expr").forEach(expr -> used.addAll(metricNames(expr.asString())));
        dashboard.findValues("definition").forEach(query -> used.addAll(metricNames(query.asString())));
        int fromDashboard = used.size();
        used.addAll(metricNames(Files.readString(INFRA.resolve("prometheus/cloudroutes-alerts.yml"))
                .lines()
                .filter(line ->
                        !line.trim().startsWith("#") && !line.contains("description:") && !line.contains("summary:"))
                .collect(Collectors.joining("\n"))));
        assertThat(fromDashboard).as("metrics the dashboard uses").isGreaterThan(10);
        // "up" is the one series Prometheus makes itself, for every target it scrapes
        used.remove("up");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> served = ops("/metrics")
                    .body()
                    .lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0])
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(served).containsAll(used);
        });
    }

    /** The metric names an expression selects: identifiers followed by a label matcher or standing alone. */
    private static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b(cloudroutes_[a-z0-9_]+|up)\\b").matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
