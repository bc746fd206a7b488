package io.cloudroutes.standalone;

import io.cloudroutes.store.TestDatabase;
import io.cloudroutes.store.TestPostgres;
import io.cloudroutes.store.TestPostgresChoice;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL of an end-to-end test's CloudRoutes, as the run chose it ({@link TestPostgresChoice}): the embedded
 * one the standalone starts in its data directory, or {@code postgres:17} through Testcontainers, given to the
 * standalone as an operator gives an external database (the deployment's roles; a database of its own per test class,
 * on one container per test JVM).
 */
final class EndToEndDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres container;

    private EndToEndDatabase() {}

    /** The standalone's configuration: the UI on a random loopback port, this run's PostgreSQL, embedded Redis. */
    static StandaloneConfig config(Path dataDirectory, String zone, Map<String, String> properties) {
        if (TestPostgresChoice.forThisRun().kind() == TestPostgresChoice.Kind.EMBEDDED) {
            return new StandaloneConfig(dataDirectory, null, null, 0, zone, properties);
        }
        String database = "end_to_end_" + DATABASES.incrementAndGet();
        TestPostgres postgres = container();
        try (var superuser = postgres.superuser("postgres").getConnection();
                var sql = superuser.createStatement()) {
            sql.execute("create database " + database);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not make the test class's database: " + e.getMessage(), e);
        }
        Map<String, String> roles = TestDatabase.withRoles(postgres, database);
        // the application role for the rows, the owner for Flyway, as crweb and crbridge are deployed
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("spring.flyway.user", roles.get("spring.flyway.user"));
        all.put("spring.flyway.password", roles.get("spring.flyway.password"));
        return new StandaloneConfig(
                dataDirectory,
                roles.get("spring.datasource.url"),
                TestDatabase.APP.username(),
                TestDatabase.APP.password(),
                null,
                StandaloneConfig.DEFAULT_ADDRESS,
                0,
                zone,
                null,
                all);
    }

    /** CloudRoutes' rows as its application role reads them, for a test that checks what was recorded. */
    static Database rows(Standalone cloudroutes) {
        return new Database(
                cloudroutes.databaseUrl(),
                cloudroutes.embeddedDatabase() == null
                        ? TestDatabase.APP
                        : cloudroutes.embeddedDatabase().application());
    }

    private static synchronized TestPostgres container() {
        if (container == null) {
            TestPostgres started = TestPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "end-to-end-postgres-stop"));
            container = started;
        }
        return container;
    }
}
