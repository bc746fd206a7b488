package io.cloudroutes.crweb;

import io.cloudroutes.core.secret.SecretBox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;
import redis.embedded.RedisServer;

/** A real PostgreSQL and Redis for one crweb test class, with crweb's properties pointing at them. */
public final class TestInfrastructure implements AutoCloseable {

    /** The key secret settings are sealed with in crweb's tests. */
    public static final String SECRET_KEY = SecretBox.newKey();

    private final EmbeddedPostgres postgres;
    private final RedisServer redis;
    private final int redisPort;

    private TestInfrastructure(EmbeddedPostgres postgres, RedisServer redis, int redisPort) {
        this.postgres = postgres;
        this.redis = redis;
        this.redisPort = redisPort;
    }

    /** Starts both servers and registers crweb's datasource and Redis URL for them. */
    public static TestInfrastructure start(DynamicPropertyRegistry registry) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        int redisPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        RedisServer redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").build();
        redis.start();
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("cloudroutes.redis.url", () -> "redis://127.0.0.1:" + redisPort);
        registry.add("cloudroutes.secret-key", () -> SECRET_KEY);
        // test runs reach the tests' receivers on loopback, allowed as an operator allows it
        registry.add("cloudroutes.egress.allow", () -> "127.0.0.0/8");
        return new TestInfrastructure(postgres, redis, redisPort);
    }

    /** The port of crweb's Redis (one of CloudRoutes' own endpoints). */
    public int redisPort() {
        return redisPort;
    }

    /**
     * Starts PostgreSQL alone and points crweb's Redis URL at a port where nothing listens, for tests of crweb with
     * its Redis gone; close the returned database when done.
     */
    public static EmbeddedPostgres startWithoutRedis(DynamicPropertyRegistry registry) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        int nothingListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothingListens = socket.getLocalPort();
        }
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("cloudroutes.secret-key", () -> SECRET_KEY);
        registry.add("cloudroutes.redis.url", () -> "redis://127.0.0.1:" + nothingListens);
        return postgres;
    }

    @Override
    public void close() throws IOException {
        redis.stop();
        postgres.close();
    }
}
