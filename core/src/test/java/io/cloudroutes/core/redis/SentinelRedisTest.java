package io.cloudroutes.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A process's Lettuce client given a {@code redis-sentinel://} URL and its own Redis user: it writes to the primary,
 * and after the primary is killed it writes to the promoted replica within the 15 s users allow, on the same
 * connection.
 */
class SentinelRedisTest {

    @Test
    void aClientOnASentinelUrlCarriesOnWithThePromotedReplica() {
        assumeThat(SentinelRedis.installed())
                .as("redis-server and redis-sentinel: run .ci/install-test-tools")
                .isTrue();
        try (SentinelRedis redis = SentinelRedis.start()) {
            RedisClient client = RedisClient.create(redis.url(TestRedis.CRWEB));
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, "before"));
                assertThat(connection.sync().waitForReplication(1, 5_000)).isEqualTo(1);
                SentinelRedis.Node old = redis.primary();
                redis.kill(old);
                Instant killed = Instant.now();
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(15))
                        .ignoreExceptions()
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> connection
                                        .sync()
                                        .xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, "after"))
                                != null);
                assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(15));
                assertThat(redis.primary()).isNotEqualTo(old);
                assertThat(redis.role(redis.primary())).isEqualTo("master");
                // what was replicated before the kill is still there
                assertThat(connection.sync().xrange(RedisKeys.RESULTS_STREAM, io.lettuce.core.Range.create("-", "+")))
                        .extracting(message -> message.getBody().get(RedisKeys.RESULTS_STREAM_FIELD))
                        .containsExactly("before", "after");
            } finally {
                client.shutdown();
            }
        }
    }
}
