package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.store.reaction.V8__Mustache_email_subjects;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The standalone's embedded PostgreSQL and Redis require a password from every client, kept in the data directory
 * for its owner only; a data directory of an older version (PostgreSQL trusting every local login as its superuser,
 * the schema made by that superuser, Redis without a password) is upgraded in place on the next start.
 */
class EmbeddedDatabasesTest {

    @TempDir
    Path data;

    @Test
    void aNewEmbeddedPostgresRefusesEveryLoginWithoutItsPassword() throws Exception {
        try (EmbeddedServers.Database database = EmbeddedServers.postgres(data)) {
            String url = database.url();
            for (String role : List.of("postgres", EmbeddedServers.OWNER_ROLE, EmbeddedServers.APP_ROLE)) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, role, ""))
                        .as(role)
                        .hasMessageContaining("The server requested SCRAM-based authentication");
                assertThatThrownBy(() -> DriverManager.getConnection(url, role, "postgres"))
                        .as(role)
                        .hasMessageContaining("password authentication failed for user \"" + role + "\"");
            }
            try (Connection superuser = DriverManager.getConnection(
                            url, "postgres", database.superuser().password());
                    var rules = superuser
                            .createStatement()
                            .executeQuery(
                                    "select count(*) from pg_hba_file_rules where auth_method <> 'scram-sha-256'")) {
                rules.next();
                assertThat(rules.getInt(1))
                        .as("pg_hba.conf rules that take no password")
                        .isZero();
            }
            assertThat(Files.readString(data.resolve("postgres-superuser.password"))
                            .trim())
                    .isEqualTo(database.superuser().password());
        }
    }

    @Test
    void aDataDirectoryOfAnOlderVersionIsUpgradedInPlaceAndEveryLoginNeedsAPassword() throws Exception {
        // what an older version left: a trusting cluster, the schema migrated as postgres, one account
        try (EmbeddedPostgres older = EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false)
                .start()) {
            Flyway.configure()
                    .dataSource(older.getPostgresDatabase())
                    .javaMigrations(new V8__Mustache_email_subjects())
                    .load()
                    .migrate();
            try (Connection superuser = older.getPostgresDatabase().getConnection();
                    PreparedStatement account = superuser.prepareStatement(
                            "insert into users (email, password_hash) values ('ops@example.com', ?)")) {
                account.setString(1, new BCryptPasswordEncoder().encode("correct horse battery"));
                account.execute();
            }
        }

        startAndCheck();
        // and again, now that the cluster requires passwords from the start
        startAndCheck();
    }

    private void startAndCheck() throws Exception {
        try (Standalone cloudroutes = Standalone.start(new StandaloneConfig(
                data, null, null, 0, "default", Map.of("cloudroutes.monitors.min-interval-seconds", "1")))) {
            // the account made before the upgrade signs in, and its data is used as the application role
            WebSession browser = new WebSession(cloudroutes.url());
            browser.logIn("ops@example.com", "correct horse battery");
            long monitorId = browser.createMonitor(
                    "tcp",
                    List.of(
                            Map.entry("name", "db"),
                            Map.entry("settings[host]", "127.0.0.1"),
                            Map.entry("settings[port]", "1"),
                            Map.entry("intervalSeconds", "60"),
                            Map.entry("timeoutSeconds", "5"),
                            Map.entry("failThreshold", "2"),
                            Map.entry("recoverThreshold", "1"),
                            Map.entry("enabled", "true")));
            assertThat(monitorId).isPositive();

            String url = cloudroutes.databaseUrl();
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("The server requested SCRAM-based authentication");
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres"))
                    .hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> DriverManager.getConnection(url, EmbeddedServers.APP_ROLE, "guessed"))
                    .hasMessageContaining("password authentication failed");
            EmbeddedServers.Database database = cloudroutes.embeddedDatabase();
            try (Connection owner = DriverManager.getConnection(
                            url, database.owner().username(), database.owner().password());
                    var tables = owner.createStatement()
                            .executeQuery(
                                    "select count(*) from pg_tables where schemaname = 'public' and tableowner <> 'cloudroutes_owner'")) {
                tables.next();
                assertThat(tables.getInt(1))
                        .as("tables not owned by the owner role")
                        .isZero();
            }
            try (Connection app = DriverManager.getConnection(
                    url,
                    database.application().username(),
                    database.application().password())) {
                assertThatThrownBy(() -> app.createStatement().execute("DROP TABLE monitors"))
                        .hasMessageContaining("must be owner of table monitors");
            }

            assertThat(TestRedis.replyWithoutLogin(
                            URI.create(cloudroutes.redisUrl()).getPort(), "KEYS *"))
                    .startsWith("-NOAUTH");
            RedisClient redis = RedisClient.create();
            try {
                assertThat(redis.connect(RedisURI.create(cloudroutes.redisUrl()))
                                .sync()
                                .ping())
                        .isEqualTo("PONG");
            } finally {
                redis.shutdown();
            }
            assertThat(URI.create(cloudroutes.redisUrl()).getUserInfo())
                    .isEqualTo(":"
                            + Files.readString(data.resolve("redis.password")).trim());
        }
        for (String kept : List.of(
                "secret.key",
                "redis.password",
                "postgres-superuser.password",
                "postgres-owner.password",
                "postgres-app.password")) {
            assertThat(Files.getPosixFilePermissions(data.resolve(kept)))
                    .as(kept)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        for (String directory : List.of(".", "redis", "postgres")) {
            assertThat(Files.getPosixFilePermissions(data.resolve(directory)))
                    .as(directory)
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }
}
