package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.reactions.testing.BindServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;

/**
 * DNS failover end to end on the embedded default with a real BIND 9: a monitor of a local HTTP service has an rfc2136
 * reaction; when the service stops, BIND answers the standby addresses, and when it is back, the primary address again.
 */
class DnsFailoverEndToEndTest {

    private static final String NAME = "www." + BindServer.ZONE;

    @TempDir
    static Path dataDirectory;

    static Standalone cloudroutes;
    static HttpTarget target;
    static BindServer bind;

    @BeforeAll
    static void start() throws IOException {
        bind = BindServer.start("www 60 IN A 192.0.2.10");
        target = HttpTarget.started();
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
        if (target != null) {
            target.close();
        }
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void aFailedSiteIsTakenOutOfDnsAndPutBackWhenItRecovers() throws IOException {
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("dns@example.com", "correct horse battery");
        ApiClient api = new ApiClient(cloudroutes.url(), browser.createApiKey("dns failover test"));

        ApiClient.Answer reaction = api.post("/api/v1/reactions", """
                {"name":"www to the standby site","reactionType":"rfc2136","callOn":"FAILED","triggerCount":1,
                 "frequencySeconds":0,
                 "settings":{"server":"%s","zone":"%s","recordName":"%s","recordType":"A","ttl":"30",
                             "failoverValues":"198.51.100.7\\n198.51.100.8","primaryValues":"192.0.2.10",
                             "tsigKeyName":"%s","tsigSecret":"%s"}}""".formatted(
                        bind.address(), BindServer.ZONE, NAME, BindServer.KEY_NAME, bind.keySecret()));
        assertThat(reaction.status()).as("reaction answer %s", reaction.body()).isEqualTo(201);
        long reactionId = reaction.body().get("id").asLong();

        ApiClient.Answer monitor = api.post("/api/v1/monitors", """
                {"name":"www primary site","checkType":"http","intervalSeconds":1,"timeoutSeconds":1,
                 "failureThreshold":2,"recoveryThreshold":1,"zones":["default"],
                 "settings":{"url":"%s","expectedStatus":"200"}}""".formatted(target.url()));
        assertThat(monitor.status()).as("monitor answer %s", monitor.body()).isEqualTo(201);
        long id = monitor.body().get("id").asLong();
        assertThat(api.put("/api/v1/monitors/" + id + "/reactions/" + reactionId, null)
                        .status())
                .isEqualTo(204);

        awaitStatus(api, id, "HEALTHY");
        assertThat(bind.query(NAME, Type.A)).containsExactly("192.0.2.10");

        target.stop();
        awaitStatus(api, id, "FAILED");
        await("BIND answering the standby addresses")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> bind.query(NAME, Type.A), a -> a.equals(List.of("198.51.100.7", "198.51.100.8")));
        JsonNode failover = awaitRuns(api, id, 1).getFirst();
        assertThat(failover.get("outcome").asString()).isEqualTo("EXECUTED");
        assertThat(failover.get("restore").asBoolean()).isFalse();
        assertThat(failover.get("output").asString())
                .isEqualTo("NOERROR from " + bind.address() + " over TCP: "
                        + "replaced www.example.test. A with the values while FAILED: 198.51.100.7, 198.51.100.8 (TTL 30) in "
                        + "zone example.test.");

        target.start();
        awaitStatus(api, id, "HEALTHY");
        await("BIND answering the primary address again")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> bind.query(NAME, Type.A), a -> a.equals(List.of("192.0.2.10")));
        JsonNode restore = awaitRuns(api, id, 2).getFirst();
        assertThat(restore.get("outcome").asString()).isEqualTo("EXECUTED");
        assertThat(restore.get("restore").asBoolean()).isTrue();
        assertThat(restore.get("output").asString())
                .isEqualTo(
                        "restore: NOERROR from " + bind.address() + " over TCP: "
                                + "replaced www.example.test. A with the values while HEALTHY: 192.0.2.10 (TTL 30) in zone example.test.");
    }

    private static void awaitStatus(ApiClient api, long id, String status) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/v1/monitors/" + id + "/status").body(),
                        body -> status.equals(body.get("status").asString()));
    }

    /** The monitor's reaction runs, newest first, once there are {@code count} of them. */
    private static List<JsonNode> awaitRuns(ApiClient api, long id, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> StreamSupport.stream(
                                        api.get("/api/v1/monitors/" + id + "/reaction-runs")
                                                .body()
                                                .get("items")
                                                .spliterator(),
                                        false)
                                .toList(),
                        runs -> runs.size() >= count);
    }
}
