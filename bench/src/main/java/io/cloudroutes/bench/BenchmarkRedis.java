package io.cloudroutes.bench;

import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Redis on loopback (the tests' {@link TestRedis}, with the deployment's users) holding monitors as the bridge
 * writes them: the definition and the interval in the monitor's hash, the place in the schedule. The benchmarks connect
 * to it as the process they measure does, with that process's user; the monitors are written as the admin.
 */
public final class BenchmarkRedis implements AutoCloseable {

    private static final int PIPELINE = 5_000;

    private final TestRedis server = TestRedis.start();
    private final List<RedisClient> clients = new ArrayList<>();

    /** The URL a process connects with as {@code user}, one of {@link TestRedis}'s users. */
    public String url(String user) {
        return server.url(user);
    }

    /** A connection as {@code user}, one of {@link TestRedis}'s users; closed with this Redis. */
    public StatefulRedisConnection<String, String> connect(String user) {
        RedisClient client = RedisClient.create(url(user));
        clients.add(client);
        return client.connect();
    }

    /**
     * Writes monitors {@code 1..count} (http, {@code intervalSeconds}, failure threshold 2, recovery 1, one zone, no
     * reactions), each due at {@code dueAtMillis} when {@code scheduled}; pipelined, so that 100,000 take seconds, not
     * minutes.
     */
    public void writeMonitors(int count, int intervalSeconds, boolean scheduled, long dueAtMillis) {
        StatefulRedisConnection<String, String> admin = connect(TestRedis.ADMIN);
        RedisAsyncCommands<String, String> redis = admin.async();
        List<RedisFuture<?>> pending = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            MonitorDefinition definition = new MonitorDefinition(
                    id,
                    1,
                    "bench-" + id,
                    "http",
                    Map.of("url", "http://127.0.0.1:8080/health"),
                    intervalSeconds,
                    5,
                    2,
                    1,
                    true,
                    List.of(MonitorDefinition.DEFAULT_ZONE),
                    Quorum.MAJORITY,
                    null,
                    "seal-" + id,
                    Map.of(Status.FAILED, List.of(), Status.HEALTHY, List.of()));
            pending.add(redis.hset(
                    RedisKeys.monitor(id),
                    Map.of(
                            RedisKeys.MONITOR_DEFINITION_FIELD, MessageCodec.toJson(definition),
                            RedisKeys.MONITOR_INTERVAL_FIELD, String.valueOf(intervalSeconds))));
            if (scheduled) {
                pending.add(redis.zadd(RedisKeys.SCHEDULE, dueAtMillis, String.valueOf(id)));
            }
            if (pending.size() >= PIPELINE) {
                awaitAll(pending);
            }
        }
        // as a rebuild ends: Redis is whole, so a monitor's first result folds from UNKNOWN as a new monitor's does
        pending.add(redis.set(RedisKeys.EPOCH, String.valueOf(System.currentTimeMillis())));
        awaitAll(pending);
        admin.close();
    }

    /**
     * Puts monitors {@code 1..count} into the schedule, their due times spread evenly over {@code spreadMillis} from
     * {@code firstDueMillis} on, as monitors created over time are: a schedule of many monitors that all fell due at
     * once would measure a burst, not a schedule. The claim moves each to its own slot once it has been checked.
     */
    public void schedule(int count, long firstDueMillis, long spreadMillis) {
        StatefulRedisConnection<String, String> admin = connect(TestRedis.ADMIN);
        RedisAsyncCommands<String, String> redis = admin.async();
        List<RedisFuture<?>> pending = new ArrayList<>();
        List<ScoredValue<String>> members = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            members.add(ScoredValue.just(firstDueMillis + (id - 1) * spreadMillis / count, String.valueOf(id)));
            if (members.size() == 1_000 || id == count) {
                pending.add(redis.zadd(RedisKeys.SCHEDULE, members.toArray(new ScoredValue[0])));
                members.clear();
            }
        }
        awaitAll(pending);
        admin.close();
    }

    /** The redis-server process for its CPU time: embedded-redis runs it as a child of this JVM (only this one). */
    public ProcessHandle serverProcess() {
        return ProcessHandle.current()
                .children()
                .filter(process -> process.info().command().orElse("").contains("redis-server"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no redis-server among this JVM's child processes"));
    }

    private static void awaitAll(List<RedisFuture<?>> pending) {
        if (!LettuceFutures.awaitAll(Duration.ofMinutes(1), pending.toArray(new RedisFuture[0]))) {
            throw new IllegalStateException("Redis did not take the monitors within a minute");
        }
        pending.clear();
    }

    @Override
    public void close() {
        clients.forEach(RedisClient::shutdown);
        server.close();
    }
}
