package io.cloudroutes.crbridge.actioner;

import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.TestDatabase;
import io.cloudroutes.store.TestPostgres;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL database and Redis for an actioner test class, and a clock the test moves.
 *
 * <p>The servers are started once per test JVM and shared by the classes that run in it, one after another: each
 * class gets a database of its own, migrated afresh by its crbridge, and a Redis emptied before its crbridge starts.
 * Starting a server per class cost seconds, and a class's context, closed or paused by Spring after the class, took
 * tens of seconds to stop against servers already gone. So a class that uses this is {@code @DirtiesContext}: its
 * crbridge stops, with the servers still there, before the next class's starts on them.
 */
public final class ActionerInfrastructure {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final TestPostgres postgres;
    private final String database;
    private final TestRedis redis;
    private final Map<String, String> properties;
    private final String resultsEndpoint;

    private ActionerInfrastructure(
            TestPostgres postgres,
            String database,
            TestRedis redis,
            Map<String, String> properties,
            String resultsEndpoint) {
        this.postgres = postgres;
        this.database = database;
        this.redis = redis;
        this.properties = properties;
        this.resultsEndpoint = resultsEndpoint;
    }

    /**
     * The servers of this JVM, started by the first class that needs them and stopped when the JVM exits. A server
     * found gone at the start of a class (something on the machine killed it) is started afresh, so that one lost
     * server fails one class, not every class after it.
     */
    private static final class SharedServers {
        private static TestPostgres postgres;
        private static TestRedis redis;

        static synchronized TestPostgres postgres() throws IOException {
            if (postgres == null || !answers(postgres)) {
                TestPostgres started = TestPostgres.start();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
                postgres = started;
            }
            return postgres;
        }

        static synchronized TestRedis redis() {
            if (redis == null || !answers(redis)) {
                // Redis with the deployment's users: crbridge connects as its own
                TestRedis started = TestRedis.start();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-redis-stop"));
                redis = started;
            }
            return redis;
        }

        private static boolean answers(TestPostgres postgres) {
            try (Connection connection = postgres.superuser("postgres").getConnection()) {
                return connection.isValid(5);
            } catch (SQLException e) {
                return false;
            }
        }

        private static boolean answers(TestRedis redis) {
            try {
                return !TestRedis.replyWithoutLogin(redis.port(), "PING").isEmpty();
            } catch (UncheckedIOException e) {
                return false;
            }
        }
    }

    /**
     * Makes this class's database and empties Redis, and points crbridge's properties at them. The blast-radius
     * breaker is out of the way: the classes share servers and their monitors fail together, which would trip it, and
     * its settle delay would keep disruptive runs waiting on a clock that stands still. {@link #startWithBreaker} is
     * for the breaker's own tests.
     */
    public static ActionerInfrastructure start(DynamicPropertyRegistry registry) throws IOException {
        return start(
                registry,
                Map.of(
                        "cloudroutes.safeguards.share-percent", "100",
                        "cloudroutes.safeguards.disruptive-runs", "1000000",
                        "cloudroutes.safeguards.silence", "3650d",
                        "cloudroutes.safeguards.settle", "0s"));
    }

    /** As {@link #start}, with the blast-radius breaker at the operator's defaults. */
    public static ActionerInfrastructure startWithBreaker(DynamicPropertyRegistry registry) throws IOException {
        return start(registry, Map.of());
    }

    private static ActionerInfrastructure start(DynamicPropertyRegistry registry, Map<String, String> breaker)
            throws IOException {
        TestPostgres postgres = SharedServers.postgres();
        TestRedis redis = SharedServers.redis();
        String database = "crbridge_" + DATABASES.incrementAndGet();
        try (Connection superuser = postgres.superuser("postgres").getConnection();
                Statement sql = superuser.createStatement()) {
            sql.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not make the test class's database: " + e.getMessage(), e);
        }
        // what the previous class left in Redis is gone, as a new Redis would have nothing
        asOperator(redis, RedisCommands::flushall);
        // PostgreSQL with the deployment's roles: crbridge connects as the application role, Flyway as the owner
        Map<String, String> properties = new LinkedHashMap<>(TestDatabase.withRoles(postgres, database));
        properties.put("cloudroutes.redis.url", redis.url(TestRedis.CRBRIDGE));
        properties.putAll(TestPlane.actionerProperties());
        // the tests' receivers listen on loopback, allowed as an operator allows it
        properties.put("cloudroutes.egress.allow", "127.0.0.0/8");
        properties.putAll(breaker);
        properties.forEach((name, value) -> registry.add(name, () -> value));
        String resultsEndpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        registry.add("cloudroutes.results.endpoint", () -> resultsEndpoint);
        return new ActionerInfrastructure(postgres, database, redis, properties, resultsEndpoint);
    }

    /** Where the test class's crbridge takes results from workers. */
    public String resultsEndpoint() {
        return resultsEndpoint;
    }

    public int redisPort() {
        return redis.port();
    }

    public int databasePort() {
        return postgres.port();
    }

    /**
     * Starts another actioner (a whole crbridge) on the same PostgreSQL and Redis, as a second process of a
     * deployment would be, with its own results socket and these further settings.
     */
    public ConfigurableApplicationContext anotherActioner(String... settings) throws IOException {
        List<String> arguments = new ArrayList<>();
        arguments.add("--spring.config.name=crbridge");
        arguments.add("--server.port=0");
        arguments.add("--cloudroutes.results.endpoint=tcp://127.0.0.1:" + LoopbackPorts.next());
        properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        for (String setting : settings) {
            arguments.add("--" + setting);
        }
        return new SpringApplicationBuilder(CrbridgeApplication.class)
                .web(WebApplicationType.NONE)
                .run(arguments.toArray(String[]::new));
    }

    /** A connection to the database as its superuser, to do what a test does to the database behind crbridge's back. */
    public Connection superuser() throws SQLException {
        return postgres.superuser(database).getConnection();
    }

    /**
     * Appends a result to the durable stream, as crweb does for a webhook, and waits until the actioner is done with
     * it: folded (its seen marker is set) and acknowledged, and the decision it made written to PostgreSQL (its
     * event, and the jobs of the reactions it calls for). Results of one stream are handled in order, one at a time.
     */
    public static void appendAndAwaitHandled(RedisCommands<String, String> redis, CheckResult result) {
        appendAndAwaitFolded(redis, result);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.zcard(RedisKeys.DECISIONS_PENDING) == 0);
    }

    /**
     * Appends a result to the durable stream and waits until the actioner folded and acknowledged it, not for its
     * decision to reach PostgreSQL.
     */
    public static void appendAndAwaitFolded(RedisCommands<String, String> redis, CheckResult result) {
        redis.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, MessageCodec.toJson(result)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> redis.exists(RedisKeys.seen(result.resultId())) == 1
                        && redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                                        .getCount()
                                == 0);
    }

    /**
     * Appends these stream entries (the JSON of a result each, or anything else crweb would never append) in one
     * MULTI/EXEC, so that the actioner reads them together, as one batch: nothing is read between them.
     */
    public void appendAsOneBatch(List<String> entries) {
        asOperator(redis -> {
            redis.multi();
            entries.forEach(json -> redis.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, json)));
            redis.exec();
        });
    }

    /** Loses Redis's data, as a Redis restart without persistence does (done as the operator: crbridge may not flush). */
    public void flushRedis() {
        asOperator(RedisCommands::flushall);
    }

    /** Does to Redis what its operator does, as the admin user: what crbridge's own user may not. */
    public void asOperator(java.util.function.Consumer<RedisCommands<String, String>> action) {
        asOperator(redis, action);
    }

    private static void asOperator(TestRedis redis, java.util.function.Consumer<RedisCommands<String, String>> action) {
        try (RedisClient admin = RedisClient.create(redis.url(TestRedis.ADMIN));
                StatefulRedisConnection<String, String> operator = admin.connect()) {
            action.accept(operator.sync());
        }
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
