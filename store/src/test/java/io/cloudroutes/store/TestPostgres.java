package io.cloudroutes.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;

/**
 * A PostgreSQL 17 server for a test: {@code postgres:17} through Testcontainers where a Docker engine answers (a
 * contributor's laptop, a hosted CI), the embedded server otherwise; {@link TestPostgresChoice} says which and why.
 */
public interface TestPostgres extends AutoCloseable {

    /** Starts a server of the kind chosen for this run. */
    static TestPostgres start() {
        return TestPostgresChoice.forThisRun().start();
    }

    /**
     * Starts the embedded server whatever the run chose, for a test that needs what only it gives (its data directory
     * kept across a restart on the same port, its processes to signal).
     */
    static TestPostgres embedded() {
        try {
            return new EmbeddedTestPostgres(EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A server the test started itself with the embedded builder. */
    static TestPostgres of(EmbeddedPostgres postgres) {
        return new EmbeddedTestPostgres(postgres);
    }

    /** The address clients connect to (loopback for the embedded server, the engine's host for a container). */
    String host();

    int port();

    /** The JDBC URL of a database on the server, without a login in it (a user in the URL would override one). */
    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A database on the server as its superuser, for setting up roles and reading rows behind the application. */
    DataSource superuser(String database);

    /** The superuser's login, for an application a test runs as the superuser. */
    DatabaseRoles.Login superuserLogin();

    /** What the server is, for the line that tells a run which PostgreSQL it tests against. */
    String description();

    @Override
    void close();
}
