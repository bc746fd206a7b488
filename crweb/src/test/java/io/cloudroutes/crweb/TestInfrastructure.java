package io.cloudroutes.crweb;

import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.store.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** A real PostgreSQL and Redis for one crweb test class, with crweb's properties pointing at them. */
public final class TestInfrastructure implements AutoCloseable {

    /** The key secret settings are sealed with in crweb's tests. */
    public static final String SECRET_KEY = SecretBox.newKey();

    private final EmbeddedPostgres postgres;
    private final TestRedis redis;
    private final Map<String, String> properties;

    private TestInfrastructure(EmbeddedPostgres postgres, TestRedis redis, Map<String, String> properties) {
        this.postgres = postgres;
        this.redis = redis;
        this.properties = properties;
    }

    /** Starts both servers and registers crweb's datasource and Redis URL for them. */
    public static TestInfrastructure start(DynamicPropertyRegistry registry) throws IOException {
        TestInfrastructure infrastructure = start();
        infrastructure.properties().forEach((name, value) -> registry.add(name, () -> value));
        return infrastructure;
    }

    /** Starts both servers; {@link #properties()} are the settings that point crweb at them. */
    public static TestInfrastructure start() throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        // Redis with the deployment's users: crweb connects as its own, which may do only what crweb needs
        TestRedis redis = TestRedis.start();
        // PostgreSQL with the deployment's roles: crweb connects as the application role, Flyway as the owner
        Map<String, String> properties = new LinkedHashMap<>(TestDatabase.withRoles(postgres));
        properties.put("cloudroutes.redis.url", redis.url(TestRedis.CRWEB));
        properties.put("cloudroutes.secret-key", SECRET_KEY);
        // test runs reach the tests' receivers on loopback, allowed as an operator allows it
        properties.put("cloudroutes.egress.allow", "127.0.0.0/8");
        return new TestInfrastructure(postgres, redis, Map.copyOf(properties));
    }

    /** crweb's datasource, Flyway login, Redis URL, secret key and egress setting for these servers, by property. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The PostgreSQL database as its superuser, for tests that prepare or read rows behind crweb's back. */
    public DataSource database() {
        return postgres.getPostgresDatabase();
    }

    /** The URL of the tests' Redis as one of the deployment's users, e.g. to write live state as crbridge does. */
    public String redisUrl(String user) {
        return redis.url(user);
    }

    /** The port of crweb's Redis (one of CloudRoutes' own endpoints). */
    public int redisPort() {
        return redis.port();
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

    /** The JDBC URL of the database without a login in it, for tests that prepare rows before crweb starts. */
    public String jdbcUrl() {
        return TestDatabase.url(postgres);
    }

    @Override
    public void close() throws IOException {
        redis.close();
        postgres.close();
    }

    /**
     * A read-write API key made on the API keys page by the person {@code login} is signed in as, as they would make
     * it; the REST API takes nothing else (a browser session changes nothing through it).
     */
    public static String apiKey(MockMvc mvc, RequestPostProcessor login) throws Exception {
        Object key = mvc.perform(MockMvcRequestBuilders.post("/account/api-keys")
                        .with(SecurityMockMvcRequestPostProcessors.csrf()).with(login).param("name", "tests"))
                .andReturn().getFlashMap().get("newKey");
        if (!(key instanceof String value)) {
            throw new IllegalStateException("the API keys page made no key");
        }
        return value;
    }

    /** Sends the request with {@code key} as its bearer API key. */
    public static RequestPostProcessor bearer(String key) {
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key);
            return request;
        };
    }
}
