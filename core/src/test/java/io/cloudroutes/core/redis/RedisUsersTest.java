package io.cloudroutes.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis users of a deployment (infra/redis/users.acl.conf) on a real Redis: nothing without a password, and each
 * process only what it needs.
 */
class RedisUsersTest {

    static TestRedis redis;
    static RedisClient client;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        client = RedisClient.create();
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        redis.close();
    }

    private static RedisCommands<String, String> as(String user) {
        RedisURI uri = RedisURI.create(redis.url(user));
        uri.setTimeout(Duration.ofSeconds(5));
        StatefulRedisConnection<String, String> connection = client.connect(uri);
        return connection.sync();
    }

    @Test
    void withoutAPasswordNothingIsAnswered() {
        // a forged result, as a stranger on the network would send it
        assertThat(TestRedis.replyWithoutLogin(
                        redis.port(),
                        "XADD " + RedisKeys.RESULTS_STREAM + " * " + RedisKeys.RESULTS_STREAM_FIELD + " FAILED"))
                .startsWith("-NOAUTH");
        assertThat(TestRedis.replyWithoutLogin(redis.port(), "PING")).startsWith("-NOAUTH");
        assertThat(as(TestRedis.ADMIN).exists(RedisKeys.RESULTS_STREAM)).isZero();
    }

    @Test
    void aWrongPasswordIsRefused() {
        // Redis' own answer, on the wire: a client library may report the refused login in other words (Lettuce at
        // times as a handshake it could not finish)
        assertThat(TestRedis.replyWithoutLogin(redis.port(), "AUTH " + TestRedis.CRWEB + " " + "0".repeat(32)))
                .startsWith("-WRONGPASS");
        assertThat(TestRedis.replyWithoutLogin(
                        redis.port(), "AUTH " + TestRedis.CRWEB + " " + redis.password(TestRedis.CRWEB)))
                .isEqualTo("+OK");
        RedisURI wrong =
                RedisURI.create(redis.url(TestRedis.CRWEB).replace(redis.password(TestRedis.CRWEB), "0".repeat(32)));
        wrong.setTimeout(Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.connect(wrong).sync().ping()).isInstanceOf(RedisException.class);
    }

    @Test
    void crwebAppendsResultsButCannotTouchTheScheduleOrAdministerRedis() {
        RedisCommands<String, String> crweb = as(TestRedis.CRWEB);
        crweb.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, "{}"));
        assertThat(crweb.hgetall(RedisKeys.state(1))).isEmpty();

        assertThatThrownBy(() -> crweb.zadd(RedisKeys.SCHEDULE, 0, "1")).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> crweb.hset(RedisKeys.monitor(1), "definition", "{}"))
                .hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> crweb.flushall()).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> crweb.configSet("dir", "/tmp")).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> crweb.keys("*")).hasMessageContaining("NOPERM");
        // a script runs with its caller's rights
        assertThatThrownBy(() -> crweb.eval(
                        "return redis.call('ZADD', KEYS[1], 0, '1')", ScriptOutputType.INTEGER, RedisKeys.SCHEDULE))
                .isInstanceOf(RedisCommandExecutionException.class);
    }

    @Test
    void theControlOnlyClaimsFromTheScheduleReadsDefinitionsAndLooksAtTheResultsBacklog() {
        RedisCommands<String, String> control = as(TestRedis.CONTROL);
        control.zadd(RedisKeys.SCHEDULE, 1, "7");
        assertThat(control.hget(RedisKeys.monitor(7), RedisKeys.MONITOR_DEFINITION_FIELD))
                .isNull();
        assertThat(control.xrange(RedisKeys.RESULTS_STREAM, io.lettuce.core.Range.unbounded()))
                .isEmpty();
        control.set(RedisKeys.CHECKS_DELAYED, "{}", io.lettuce.core.SetArgs.Builder.px(1_000));

        assertThatThrownBy(() -> control.xreadgroup(
                        io.lettuce.core.Consumer.from(RedisKeys.RESULTS_GROUP, "c"),
                        io.lettuce.core.XReadArgs.StreamOffset.lastConsumed(RedisKeys.RESULTS_STREAM)))
                .hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> control.del(RedisKeys.CHECKS_DELAYED)).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> control.set(RedisKeys.MAIL_MODE, "smtp")).hasMessageContaining("NOPERM");

        assertThatThrownBy(() -> control.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, "{}")))
                .hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> control.hset(RedisKeys.monitor(7), "definition", "{}"))
                .hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> control.get(RedisKeys.MAIL_MODE)).hasMessageContaining("NOPERM");
    }

    @Test
    void crbridgeKeepsEveryCloudRoutesKeyButNothingElse() {
        RedisCommands<String, String> crbridge = as(TestRedis.CRBRIDGE);
        crbridge.hset(RedisKeys.monitor(9), RedisKeys.MONITOR_INTERVAL_FIELD, "60");
        crbridge.del(RedisKeys.monitor(9));

        assertThatThrownBy(() -> crbridge.set("other-application:key", "x")).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> crbridge.flushdb()).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> crbridge.configGet("requirepass")).hasMessageContaining("NOPERM");
    }
}
