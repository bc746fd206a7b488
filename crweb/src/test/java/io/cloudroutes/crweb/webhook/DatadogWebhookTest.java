package io.cloudroutes.crweb.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.redis.RedisCommandStats;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Datadog notifications on their endpoint: what each appends to the results stream the actioners consume, once however
 * often it is delivered, with one script call; warnings as the owner asked; the secret in a header or the payload.
 */
class DatadogWebhookTest extends PushedMonitorOwner {

    @Test
    void aDatadogTriggeredNotificationAppendsOneFailedResult() throws Exception {
        Created monitor = datadog("IGNORE");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7001", "Triggered")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(true))
                .andExpect(jsonPath("$.status").value("FAILED"));

        assertThat(appended(monitor.id())).singleElement().satisfies(result -> {
            assertThat(result.status()).isEqualTo(Status.FAILED);
            assertThat(result.reason())
                    .isEqualTo("Datadog Triggered: [Triggered] p99 latency on shop - p99 is 2.4 s "
                            + "(https://app.datadoghq.com/event/event?id=7001)");
            assertThat(result.zone()).isEqualTo(ZoneNames.WEBHOOK);
            assertThat(result.source()).isEqualTo("datadog");
            assertThat(result.resultId()).isEqualTo("datadog:" + monitor.id() + ":7001");
        });
    }

    @Test
    void aDatadogDeliveryIsAppendedByOneScriptCallAndReadsNoneOfThePagesBanners() throws Exception {
        Created monitor = datadog("IGNORE");
        Map<String, Long> before = commandCalls();
        for (int delivery = 0; delivery < 20; delivery++) {
            mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                            .header("X-CloudRoutes-Secret", monitor.secret())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(datadogPayload("7100" + delivery, delivery % 2 == 0 ? "Triggered" : "Recovered")))
                    .andExpect(status().isAccepted());
        }
        // the delivery log's line is written without waiting for it: every line is there once Redis ran them all
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(redis.llen(RedisKeys.deliveries(monitor.id())))
                        .isEqualTo(20));
        Map<String, Long> after = commandCalls();

        assertThat(appended(monitor.id())).hasSize(20);
        // per delivery one script appends the result (append-once.lua) and one writes its delivery log line
        // (log-delivery.lua)
        assertThat(after.getOrDefault("evalsha", 0L) - before.getOrDefault("evalsha", 0L))
                .isEqualTo(20 + 20);
        // the banners (mail mode, live state rebuilding, checks delayed) are read for pages, not for a webhook's
        // answer:
        // what GETs remain are crweb's once-a-second look at the Redis epoch
        assertThat(after.getOrDefault("get", 0L) - before.getOrDefault("get", 0L))
                .isLessThan(20);
    }

    /** How often Redis ran each command since it started. */
    private Map<String, Long> commandCalls() {
        return RedisCommandStats.calls(redis.info("commandstats"));
    }

    @Test
    void aRetriedDatadogDeliveryIsAppendedOnce() throws Exception {
        Created monitor = datadog("IGNORE");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7002", "Recovered")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("HEALTHY"));
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7002", "Recovered")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(false))
                .andExpect(jsonPath("$.duplicate").value(true))
                .andExpect(jsonPath("$.reason").value("delivery 7002 was recorded before; nothing was recorded again"));
        assertThat(appended(monitor.id())).hasSize(1);
    }

    @Test
    void aDatadogDeliveryWhoseAppendFailedIsRecordedWhenRetriedNotTakenForADuplicate() throws Exception {
        Created monitor = datadog("IGNORE");
        String url = "/api/v1/webhooks/datadog/" + monitor.id();
        // Make the append itself fail inside Redis: the stream's key holds a string for a moment. The bridge sets the
        // stream aside and puts it back (other tests' results are in it): crweb's own Redis user may not touch a key of
        // another name.
        RedisClient client = RedisClient.create(infrastructure.redisUrl(TestRedis.CRBRIDGE));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> bridge = connection.sync();
            String aside = RedisKeys.RESULTS_STREAM + "-aside";
            boolean streamExists = bridge.exists(RedisKeys.RESULTS_STREAM) == 1;
            if (streamExists) {
                bridge.rename(RedisKeys.RESULTS_STREAM, aside);
            }
            bridge.set(RedisKeys.RESULTS_STREAM, "not a stream");
            try {
                mvc.perform(post(url)
                                .header("X-CloudRoutes-Secret", monitor.secret())
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(datadogPayload("7011", "Triggered")))
                        .andExpect(status().isServiceUnavailable())
                        .andExpect(jsonPath("$.code").value("unavailable"));
            } finally {
                bridge.del(RedisKeys.RESULTS_STREAM);
                if (streamExists) {
                    bridge.rename(aside, RedisKeys.RESULTS_STREAM);
                }
            }
        } finally {
            client.shutdown();
        }
        mvc.perform(post(url)
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7011", "Triggered")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
        assertThat(appended(monitor.id())).hasSize(1);
    }

    @Test
    void theDatadogSecretMayBeAFieldOfThePayload() throws Exception {
        Created monitor = datadog("IGNORE");
        String body =
                datadogPayload("7003", "No Data").replace("{\"id\"", "{\"secret\":\"" + monitor.secret() + "\",\"id\"");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("FAILED"));
    }

    @Test
    void aDatadogWarningIsIgnoredByDefaultAndAppendsNothing() throws Exception {
        Created monitor = datadog("IGNORE");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7004", "Warn")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted").value(false))
                .andExpect(jsonPath("$.reason")
                        .value("Warn is ignored: this monitor's setting warnAs is IGNORE, so a "
                                + "Datadog warning never changes its status; nothing was recorded"));
        assertThat(appended(monitor.id())).isEmpty();
    }

    @Test
    void aDatadogWarningFailsTheMonitorWhenTheUserAskedForItAndItsRecoveryHeals() throws Exception {
        Created monitor = datadog("FAILED");
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7005", "Warn")))
                .andExpect(status().isAccepted());
        mvc.perform(post("/api/v1/webhooks/datadog/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(datadogPayload("7006", "Warn Recovered")))
                .andExpect(status().isAccepted());
        assertThat(appended(monitor.id()))
                .extracting(CheckResult::status)
                .containsExactly(Status.FAILED, Status.HEALTHY);
    }
}
