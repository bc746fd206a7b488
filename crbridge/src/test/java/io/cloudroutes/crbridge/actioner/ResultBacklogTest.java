package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the results backlog gauges show an on-call person, read from a real Redis as crbridge's own user. */
class ResultBacklogTest {

    private static double gauge(MeterRegistry meters, String name) {
        return meters.get(name).tag("stream", RedisKeys.RESULTS_STREAM).gauge().value();
    }

    @Test
    void resultsHeldByAnActionerThatStoppedShowAsPendingAndUnknownWhileRedisIsAway() {
        TestRedis server = TestRedis.start();
        RedisClient client = RedisClient.create(server.url(TestRedis.CRBRIDGE));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setTimeout(Duration.ofSeconds(2));
            MeterRegistry meters = new SimpleMeterRegistry();
            ResultBacklog backlog = new ResultBacklog(connection, meters);
            assertThat(gauge(meters, "cloudroutes.actioner.results.pending"))
                    .as("before the first read")
                    .isNaN();

            backlog.runOnce();
            assertThat(gauge(meters, "cloudroutes.actioner.results.pending"))
                    .as("no stream yet")
                    .isZero();

            RedisCommands<String, String> redis = connection.sync();
            redis.xgroupCreate(
                    XReadArgs.StreamOffset.from(RedisKeys.RESULTS_STREAM, "0-0"),
                    RedisKeys.RESULTS_GROUP,
                    XGroupCreateArgs.Builder.mkstream());
            for (int i = 0; i < 3; i++) {
                redis.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, "{}"));
            }
            // an actioner took two and died before acknowledging them; the third waits for a reader
            redis.xreadgroup(
                    Consumer.from(RedisKeys.RESULTS_GROUP, "actioner-gone"),
                    XReadArgs.Builder.count(2),
                    XReadArgs.StreamOffset.lastConsumed(RedisKeys.RESULTS_STREAM));
            backlog.runOnce();
            assertThat(gauge(meters, "cloudroutes.actioner.results.pending")).isEqualTo(2.0);
            assertThat(gauge(meters, "cloudroutes.actioner.results.stream.length"))
                    .isEqualTo(3.0);

            server.close();
            assertThatThrownBy(backlog::runOnce).isInstanceOf(RuntimeException.class);
            // a stale count would say all is well: unknown it is
            assertThat(gauge(meters, "cloudroutes.actioner.results.pending")).isNaN();
            assertThat(gauge(meters, "cloudroutes.actioner.results.stream.length"))
                    .isNaN();
        } finally {
            client.shutdown();
        }
    }
}
