package io.cloudroutes.crweb.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * End to end through the real Redis: when Redis loses the results stream before any actioner folded it, and the bridge
 * rebuilds it under a new epoch, crweb appends again the latest webhook result of each monitor, and only the latest.
 */
class ResultsAfterRedisLossTest extends PushedMonitorOwner {

    @Test
    void theLatestWebhookResultOfEachMonitorComesBackOnceRedisWasRebuiltAfterLosingIt() throws Exception {
        // the bridge's mark of the Redis in use, written as the bridge does (crweb may only read it)
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
                infrastructure.redisUrl(io.cloudroutes.core.redis.TestRedis.CRBRIDGE));
        try (var connection = client.connect()) {
            RedisCommands<String, String> bridge = connection.sync();
            bridge.set(RedisKeys.EPOCH, "1700000000000");
            lostAndRebuilt(bridge);
        } finally {
            client.shutdown();
        }
    }

    private void lostAndRebuilt(RedisCommands<String, String> bridge) throws Exception {
        Created backup = create("webhook", Map.of());
        Created batch = create("webhook", Map.of());
        String lost = resultIdOf(
                mvc.perform(get("/api/v1/webhooks/generic/" + backup.id() + "/" + backup.secret() + "/failed")
                                .param("reason", "nightly backup exited 3"))
                        .andExpect(status().isAccepted())
                        .andReturn());
        mvc.perform(get("/api/v1/webhooks/generic/" + batch.id() + "/" + batch.secret() + "/failed"))
                .andExpect(status().isAccepted());
        String latest = resultIdOf(
                mvc.perform(get("/api/v1/webhooks/generic/" + batch.id() + "/" + batch.secret() + "/healthy"))
                        .andExpect(status().isAccepted())
                        .andReturn());

        // Redis loses its data before any actioner folded them; the bridge rebuilds it and marks a new epoch
        bridge.del(RedisKeys.RESULTS_STREAM, RedisKeys.EPOCH);
        assertThat(appended(backup.id())).isEmpty();
        bridge.set(RedisKeys.EPOCH, "1700000060000");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(appended(backup.id()))
                    .extracting(CheckResult::resultId, CheckResult::status, CheckResult::reason)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(lost, Status.FAILED, "nightly backup exited 3"));
            // only the newest: an older status must never be folded after a newer one
            assertThat(appended(batch.id()))
                    .extracting(CheckResult::resultId, CheckResult::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(latest, Status.HEALTHY));
        });
        bridge.del(RedisKeys.EPOCH);
    }

    private static String resultIdOf(MvcResult answer) throws Exception {
        return com.jayway.jsonpath.JsonPath.read(answer.getResponse().getContentAsString(), "$.resultId");
    }
}
