package io.cloudroutes.crbridge.actioner;

import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.store.TestDatabase;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A real PostgreSQL and Redis for an actioner test class, and a clock the test moves. */
public final class ActionerInfrastructure implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final TestRedis redis;

    private ActionerInfrastructure(EmbeddedPostgres postgres, TestRedis redis) {
        this.postgres = postgres;
        this.redis = redis;
    }

    /** Starts both servers and points crbridge's properties at them. */
    public static ActionerInfrastructure start(DynamicPropertyRegistry registry) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        // Redis with the deployment's users: crbridge connects as its own
        TestRedis redis = TestRedis.start();
        String resultsEndpoint = "tcp://127.0.0.1:" + freePort();
        // PostgreSQL with the deployment's roles: crbridge connects as the application role, Flyway as the owner
        TestDatabase.useWithRoles(postgres, registry);
        registry.add("cloudroutes.redis.url", () -> redis.url(TestRedis.CRBRIDGE));
        registry.add("cloudroutes.results.endpoint", () -> resultsEndpoint);
        TestPlane.actionerProperties().forEach((name, value) -> registry.add(name, () -> value));
        // the tests' receivers listen on loopback, allowed as an operator allows it
        registry.add("cloudroutes.egress.allow", () -> "127.0.0.0/8");
        return new ActionerInfrastructure(postgres, redis);
    }

    /**
     * Appends a result to the durable stream, as crweb does for a webhook, and waits until the actioner is done with
     * it: folded (its seen marker is set), and acknowledged, which the actioner does only after it recorded the
     * transition and handed the reactions due on. Results of one stream are handled in order, one at a time.
     */
    public static void appendAndAwaitHandled(RedisCommands<String, String> redis, CheckResult result) {
        redis.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, MessageCodec.toJson(result)));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.seen(result.resultId())) == 1
                && redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP).getCount() == 0);
    }

    /** Loses Redis's data, as a Redis restart without persistence does (done as the operator: crbridge may not flush). */
    public void flushRedis() {
        try (RedisClient admin = RedisClient.create(redis.url(TestRedis.ADMIN));
             StatefulRedisConnection<String, String> operator = admin.connect()) {
            operator.sync().flushall();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        redis.close();
        postgres.close();
    }

    /** A clock that stands still where the test puts it. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Puts the {@link TestClock} in place of the system clock. */
    @TestConfiguration(proxyBeanMethods = false)
    static class MovableClock {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
