package io.cloudroutes.crweb;

import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.store.TestDatabase;
import io.cloudroutes.store.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * A real PostgreSQL and Redis, with crweb's properties pointing at them: {@link #shared()} for the test classes on the
 * shared crweb context ({@link CrwebIntegrationTest}), {@link #start} for a test class that needs servers of its own.
 */
public final class TestInfrastructure implements AutoCloseable {

    /** The key secret settings are sealed with in crweb's tests. */
    public static final String SECRET_KEY = SecretBox.newKey();

    private static TestInfrastructure shared;

    private TestPostgres postgres;
    // the embedded server on a kept data directory, for tests that stop, start or freeze it; null otherwise
    private EmbeddedPostgres restartable;
    private final TestRedis redis;
    private final Map<String, String> properties;
    private final Path keptDataDirectory; // null unless PostgreSQL can be stopped and started again
    private boolean postgresStopped;
    private long postmasterPid;

    private TestInfrastructure(
            TestPostgres postgres,
            EmbeddedPostgres restartable,
            TestRedis redis,
            Map<String, String> properties,
            Path keptDataDirectory) {
        this.postgres = postgres;
        this.restartable = restartable;
        this.redis = redis;
        this.properties = properties;
        this.keptDataDirectory = keptDataDirectory;
    }

    /**
     * The servers of every test class on the shared crweb context: started by the first class that asks, once per test
     * JVM, and stopped when the JVM ends. Never close them: the cached context and the classes after this one use them.
     */
    public static synchronized TestInfrastructure shared() {
        if (shared == null) {
            TestInfrastructure started;
            try {
                started = start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the shared PostgreSQL and Redis", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(started::closeQuietly, "crweb-test-servers-stop"));
            shared = started;
        }
        return shared;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // the JVM is ending: the servers' processes end with it or with their own shutdown hooks
        }
    }

    /** Starts both servers and registers crweb's datasource and Redis URL for them. */
    public static TestInfrastructure start(DynamicPropertyRegistry registry) throws IOException {
        TestInfrastructure infrastructure = start();
        infrastructure.properties().forEach((name, value) -> registry.add(name, () -> value));
        return infrastructure;
    }

    /** Starts both servers; {@link #properties()} are the settings that point crweb at them. */
    public static TestInfrastructure start() throws IOException {
        return start(TestPostgres.start(), null, null);
    }

    /**
     * Starts both servers, PostgreSQL (always the embedded one) on a data directory it keeps, so that {@link #stopPostgres()} and
     * {@link #startPostgresAgain()} can take it down and bring it back as it was, on the same port.
     */
    public static TestInfrastructure startRestartable(DynamicPropertyRegistry registry) throws IOException {
        Path dataDirectory = Files.createTempDirectory("crweb-postgres");
        EmbeddedPostgres restartable =
                keeping(dataDirectory, LoopbackPorts.next()).start();
        TestInfrastructure infrastructure = start(TestPostgres.of(restartable), restartable, dataDirectory);
        infrastructure.properties().forEach((name, value) -> registry.add(name, () -> value));
        return infrastructure;
    }

    private static EmbeddedPostgres.Builder keeping(Path dataDirectory, int port) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port);
    }

    private static TestInfrastructure start(TestPostgres postgres, EmbeddedPostgres restartable, Path keptDataDirectory)
            throws IOException {
        // Redis with the deployment's users: crweb connects as its own, which may do only what crweb needs
        TestRedis redis = TestRedis.start();
        // PostgreSQL with the deployment's roles: crweb connects as the application role, Flyway as the owner
        Map<String, String> properties = new LinkedHashMap<>(TestDatabase.withRoles(postgres));
        properties.put("cloudroutes.redis.url", redis.url(TestRedis.CRWEB));
        properties.put("cloudroutes.secret-key", SECRET_KEY);
        // test runs reach the tests' receivers on loopback, allowed as an operator allows it
        properties.put("cloudroutes.egress.allow", "127.0.0.0/8");
        return new TestInfrastructure(postgres, restartable, redis, Map.copyOf(properties), keptDataDirectory);
    }

    /** crweb's datasource, Flyway login, Redis URL, secret key and egress setting for these servers, by property. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The PostgreSQL database as its superuser, for tests that prepare or read rows behind crweb's back. */
    public DataSource database() {
        return postgres.superuser("postgres");
    }

    /** Stops PostgreSQL (a fast shutdown: connections are closed, new ones refused); needs {@link #startRestartable}. */
    public void stopPostgres() throws IOException {
        requireRestartable();
        restartable.close();
        postgresStopped = true;
    }

    /** Whether PostgreSQL was stopped by {@link #stopPostgres()} and not started again. */
    public boolean postgresStopped() {
        return postgresStopped;
    }

    /** Starts PostgreSQL again after {@link #stopPostgres()}, with its data, on the same port. */
    public void startPostgresAgain() throws IOException {
        restartable = keeping(keptDataDirectory, restartable.getPort()).start();
        postgres = TestPostgres.of(restartable);
        postgresStopped = false;
        postmasterPid = 0;
    }

    /**
     * Freezes PostgreSQL (SIGSTOP to the postmaster and every backend), as a stalled server or a network that drops
     * packets would: connections stay open and nothing answers. {@link #resumePostgres()} thaws it.
     */
    public void stallPostgres() throws IOException, InterruptedException {
        signalPostgres("STOP");
    }

    /** Thaws PostgreSQL after {@link #stallPostgres()}; a no-op when it is not stalled. */
    public void resumePostgres() throws IOException, InterruptedException {
        if (postmasterPid != 0 && !postgresStopped) {
            signalPostgres("CONT");
        }
    }

    private void requireRestartable() {
        if (restartable == null) {
            throw new IllegalStateException(
                    "only the embedded PostgreSQL on a kept data directory can be stopped, started again or frozen:"
                            + " use TestInfrastructure.startRestartable");
        }
    }

    private void signalPostgres(String signal) throws IOException, InterruptedException {
        requireRestartable();
        if (postmasterPid == 0) {
            postmasterPid = postmasterPid();
        }
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid)
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL postmaster with pid " + postmasterPid));
        // the postmaster first, so that it starts no backend meanwhile; a backend may end before it gets the signal
        kill(signal, List.of(postmaster.pid()), false);
        kill(signal, postmaster.descendants().map(ProcessHandle::pid).toList(), true);
    }

    private static void kill(String signal, List<Long> pids, boolean someMayHaveEnded)
            throws IOException, InterruptedException {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean onlyEnded = output.lines().allMatch(line -> line.contains("No such process"));
        if (kill.waitFor() != 0 && !(someMayHaveEnded && onlyEnded)) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** The first line of postmaster.pid in the server's data directory, asked while it still answers. */
    private long postmasterPid() throws IOException {
        try (Connection connection = restartable.getPostgresDatabase().getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("select setting from pg_settings where name = 'data_directory'")) {
            rows.next();
            return Long.parseLong(Files.readAllLines(Path.of(rows.getString(1), "postmaster.pid"))
                    .getFirst()
                    .trim());
        } catch (SQLException e) {
            throw new IOException("could not find PostgreSQL's data directory", e);
        }
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
    public static TestPostgres startWithoutRedis(DynamicPropertyRegistry registry) {
        TestPostgres postgres = TestPostgres.start();
        int nothingListens = LoopbackPorts.next();
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
        try {
            resumePostgres(); // a frozen server would not stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
        if (!postgresStopped) {
            postgres.close();
        }
        if (keptDataDirectory != null) {
            try (Stream<Path> paths = Files.walk(keptDataDirectory)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * A read-write API key made on the API keys page by the person {@code login} is signed in as, as they would make
     * it; the REST API takes nothing else (a browser session changes nothing through it).
     */
    public static String apiKey(MockMvc mvc, RequestPostProcessor login) throws Exception {
        Object key = mvc.perform(MockMvcRequestBuilders.post("/account/api-keys")
                        .with(SecurityMockMvcRequestPostProcessors.csrf())
                        .with(login)
                        .param("name", "tests"))
                .andReturn()
                .getFlashMap()
                .get("newKey");
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
