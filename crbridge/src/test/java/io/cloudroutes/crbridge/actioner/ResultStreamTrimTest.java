package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The results stream is trimmed of what the actioners are done with, and never of a result still owed to them. */
class ResultStreamTrimTest {

    private TestRedis server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void startRedis() {
        // as crbridge's own Redis user, which is what trims the stream in production
        server = TestRedis.start();
        client = RedisClient.create(server.url(TestRedis.CRBRIDGE));
        connection = client.connect();
        redis = connection.sync();
        redis.xgroupCreate(
                XReadArgs.StreamOffset.from(RedisKeys.RESULTS_STREAM, "0-0"),
                RedisKeys.RESULTS_GROUP,
                XGroupCreateArgs.Builder.mkstream());
    }

    @AfterEach
    void stopRedis() {
        connection.close();
        client.shutdown();
        server.close();
    }

    private String append(String result) {
        return redis.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, result));
    }

    private List<StreamMessage<String, String>> deliver(int count) {
        return redis.xreadgroup(
                Consumer.from(RedisKeys.RESULTS_GROUP, "actioner-a"),
                XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(RedisKeys.RESULTS_STREAM));
    }

    private void acknowledge(String id) {
        redis.xack(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP, id);
    }

    private List<String> remaining() {
        return redis.xrange(RedisKeys.RESULTS_STREAM, Range.create("-", "+")).stream()
                .map(StreamMessage::getId)
                .toList();
    }

    @Test
    void keepsEverythingFromTheOldestUnacknowledgedResultAndEverythingNotYetDelivered() {
        String first = append("{\"n\":1}");
        String second = append("{\"n\":2}");
        String third = append("{\"n\":3}");
        deliver(3);
        String fourth = append("{\"n\":4}"); // accepted, not delivered to any actioner yet
        acknowledge(first);
        acknowledge(third);

        assertThat(ResultStream.trimAcknowledged(redis)).isEqualTo(1);
        assertThat(remaining()).containsExactly(second, third, fourth);

        acknowledge(second);
        ResultStream.trimAcknowledged(redis);
        assertThat(remaining()).containsExactly(fourth);

        assertThat(deliver(1)).extracting(StreamMessage::getId).containsExactly(fourth);
        acknowledge(fourth);
        ResultStream.trimAcknowledged(redis);
        assertThat(remaining()).isEmpty();
    }

    @Test
    void trimsNothingBeforeAnyResultWasDelivered() {
        String first = append("{\"n\":1}");
        assertThat(ResultStream.trimAcknowledged(redis)).isZero();
        assertThat(remaining()).containsExactly(first);
    }
}
