package io.cloudroutes.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;

/** The embedded PostgreSQL 17 (zonky's binaries from Maven), on loopback. */
final class EmbeddedTestPostgres implements TestPostgres {

    private final EmbeddedPostgres postgres;

    EmbeddedTestPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public DataSource superuser(String database) {
        return postgres.getDatabase("postgres", database);
    }

    @Override
    public DatabaseRoles.Login superuserLogin() {
        return new DatabaseRoles.Login("postgres", "postgres"); // the embedded server trusts loopback logins
    }

    @Override
    public String description() {
        return "embedded PostgreSQL on 127.0.0.1:" + port();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
        }
    }
}
