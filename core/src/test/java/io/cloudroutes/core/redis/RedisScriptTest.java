package io.cloudroutes.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisScript} against a real Redis: a script runs after Redis lost its script cache (SCRIPT FLUSH, what a
 * restart or a failover to a replica does to it) in each way it can be run, exactly once per call, as the control's
 * Redis user, which may only SCRIPT LOAD and EVALSHA (no EVAL).
 */
class RedisScriptTest {

    static TestRedis redis;
    static RedisClient client;
    static StatefulRedisConnection<String, String> control;
    static RedisCommands<String, String> admin;

    final RedisScript script = RedisScript.of(RedisScriptTest.class, "count-runs.lua");
    final String member = "runs-" + System.nanoTime();

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        client = RedisClient.create();
        control = client.connect(uri(TestRedis.CONTROL));
        admin = client.connect(uri(TestRedis.ADMIN)).sync();
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        redis.close();
    }

    private static RedisURI uri(String user) {
        RedisURI uri = RedisURI.create(redis.url(user));
        uri.setTimeout(Duration.ofSeconds(5));
        return uri;
    }

    @BeforeEach
    void anEmptyScriptCache() {
        admin.scriptFlush();
    }

    private List<Object> run(String tag) {
        return script.eval(control.sync(), ScriptOutputType.MULTI, new String[] {RedisKeys.SCHEDULE}, member, tag);
    }

    @Test
    void theScriptIsReadFromItsResourceAndRunByItsDigest() {
        assertThat(script.name()).isEqualTo("count-runs.lua");
        assertThat(script.source()).contains("ZADD");

        assertThat(run("first")).containsExactly(1L, "first");
        assertThat(admin.scriptExists(admin.digest(script.source()))).containsExactly(true);
    }

    @Test
    void aMissingResourceIsSaidAtOnce() {
        assertThatThrownBy(() -> RedisScript.of(RedisScriptTest.class, "no-such-script.lua"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-script.lua");
    }

    @Test
    void synchronouslyAfterRedisLostItsScripts() {
        assertThat(run("before")).containsExactly(1L, "before");

        admin.scriptFlush();

        assertThat(run("after")).as("loaded again and run once").containsExactly(2L, "after");
        assertThat(run("again")).containsExactly(3L, "again");
    }

    @Test
    void asynchronouslyAfterRedisLostItsScripts() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        assertThat(runAsync("before", reloads).get(5, TimeUnit.SECONDS)).containsExactly(1L, "before");
        assertThat(reloads)
                .as("the first run loads the script ahead of it, no reload")
                .hasValue(0);

        admin.scriptFlush();

        assertThat(runAsync("after", reloads).get(5, TimeUnit.SECONDS))
                .as("loaded again and run once")
                .containsExactly(2L, "after");
        assertThat(reloads).hasValue(1);
        assertThat(runAsync("again", reloads).get(5, TimeUnit.SECONDS)).containsExactly(3L, "again");
        assertThat(reloads).hasValue(1);
    }

    @Test
    void theFirstAsynchronousRunGoesOutBeforeCommandsSentAfterIt() throws Exception {
        CompletableFuture<List<Object>> reply = runAsync("first", new AtomicInteger());
        // sent after the script, so Redis runs it after the script: it sees the script's run
        List<String> seen = control.async()
                .zrangebyscore(RedisKeys.SCHEDULE, Range.create(1, 1))
                .get(5, TimeUnit.SECONDS);

        assertThat(reply.get(5, TimeUnit.SECONDS)).containsExactly(1L, "first");
        assertThat(seen).contains(member);
    }

    private CompletableFuture<List<Object>> runAsync(String tag, AtomicInteger reloads) {
        return script.evalAsync(
                control.async(),
                ScriptOutputType.MULTI,
                new String[] {RedisKeys.SCHEDULE},
                new String[] {member, tag},
                reloads::incrementAndGet);
    }

    @Test
    void pipelinedAfterRedisLostItsScriptsInTheirOrder() {
        try (StatefulRedisConnection<String, String> pipelined = client.connect(uri(TestRedis.CONTROL))) {
            assertThat(replies(script.evalAll(pipelined, ScriptOutputType.MULTI, calls("a", "b", "c"))))
                    .containsExactly(List.of(1L, "a"), List.of(2L, "b"), List.of(3L, "c"));

            admin.scriptFlush();

            assertThat(replies(script.evalAll(pipelined, ScriptOutputType.MULTI, calls("d", "e", "f"))))
                    .as("each refused call loaded again and run once, in order")
                    .containsExactly(List.of(4L, "d"), List.of(5L, "e"), List.of(6L, "f"));
        }
    }

    private List<RedisScript.Call> calls(String... tags) {
        List<RedisScript.Call> calls = new ArrayList<>();
        for (String tag : tags) {
            calls.add(new RedisScript.Call(new String[] {RedisKeys.SCHEDULE}, new String[] {member, tag}));
        }
        return calls;
    }

    private static List<Object> replies(List<CompletableFuture<List<Object>>> replies) {
        assertThat(replies).allSatisfy(reply -> assertThat(reply).isDone());
        return replies.stream().<Object>map(CompletableFuture::join).toList();
    }

    @Test
    void aScriptErrorOtherThanAMissingScriptIsNotRetried() {
        String notASortedSet = RedisKeys.CHECKS_DELAYED; // a string the control may write
        control.sync().set(notASortedSet, "{}");
        String[] keys = {notASortedSet};

        assertThatThrownBy(() -> script.eval(control.sync(), ScriptOutputType.MULTI, keys, member, "x"))
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageContaining("WRONGTYPE");
        assertThat(script.<List<Object>>evalAsync(control.async(), ScriptOutputType.MULTI, keys, member, "x"))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(RedisCommandExecutionException.class)
                .withMessageContaining("WRONGTYPE");
        try (StatefulRedisConnection<String, String> pipelined = client.connect(uri(TestRedis.CONTROL))) {
            List<CompletableFuture<List<Object>>> replies = script.evalAll(
                    pipelined, ScriptOutputType.MULTI, List.of(new RedisScript.Call(keys, new String[] {member, "x"})));
            assertThat(replies.getFirst())
                    .isCompletedExceptionally()
                    .failsWithin(Duration.ZERO)
                    .withThrowableThat()
                    .withMessageContaining("WRONGTYPE");
        }
    }
}
