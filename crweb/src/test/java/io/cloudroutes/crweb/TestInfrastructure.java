package io.cloudroutes.crweb;

import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.store.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A real PostgreSQL and Redis for one crweb test class, with crweb's properties pointing at them. */
public final class TestInfrastructure implements AutoCloseable {

    /** The key secret settings are sealed with in crweb's tests. */
    public static final String SECRET_KEY = SecretBox.newKey();

    private final EmbeddedPostgres postgres;
    private final TestRedis redis;

    private TestInfrastructure(EmbeddedPostgres postgres, TestRedis redis) {
        this.postgres = postgres;
        this.redis = redis;
    }

    /** Starts both servers and registers crweb's datasource and Redis URL for them. */
    public static TestInfrastructure start(DynamicPropertyRegistry registry) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        // Redis with the deployment's users: crweb connects as its own, which may do only what crweb needs
        TestRedis redis = TestRedis.start();
        // PostgreSQL with the deployment's roles: crweb connects as the application role, Flyway as the owner
        TestDatabase.useWithRoles(postgres, registry);
        registry.add("cloudroutes.redis.url", () -> redis.url(TestRedis.CRWEB));
        registry.add("cloudroutes.secret-key", () -> SECRET_KEY);
        return new TestInfrastructure(postgres, redis);
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
        // PostgreSQL with the deployment's roles: crweb connects as the application role, Flyway as the owner
        TestDatabase.useWithRoles(postgres, registry);
        registry.add("cloudroutes.secret-key", () -> SECRET_KEY);
        registry.add("cloudroutes.redis.url", () -> "redis://127.0.0.1:" + nothingListens);
        return postgres;
    }

    @Override
    public void close() throws IOException {
        redis.close();
        postgres.close();
    }
}
