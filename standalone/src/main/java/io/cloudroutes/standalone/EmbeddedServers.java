package io.cloudroutes.standalone;

import io.cloudroutes.store.DatabaseRoles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL and Redis servers run from Maven artifacts, for the embedded default. Both require a password from
 * every client; the passwords are made on the first start and kept in the data directory (mode 600).
 */
final class EmbeddedServers {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

    static final String OWNER_ROLE = "cloudroutes_owner";
    static final String APP_ROLE = "cloudroutes_app";
    private static final String SUPERUSER = "postgres";
    /** The pg_hba.conf of a cluster that requires passwords; a cluster whose file starts with its first line does. */
    private static final String PASSWORDS_REQUIRED = """
            # CloudRoutes: every connection logs in with a password (scram-sha-256); the passwords are kept in the
            # data directory, postgres-*.password
            local   all    all                    scram-sha-256
            host    all    all    127.0.0.1/32    scram-sha-256
            host    all    all    ::1/128         scram-sha-256
            """;
    /**
     * The pg_hba.conf of the one start that upgrades a cluster of an older version, which trusted every local login,
     * while it sets the superuser's password: nothing else runs yet.
     */
    private static final String SETTING_PASSWORDS = """
            # CloudRoutes sets the superuser's password: until then postgres may log in from this machine without one
            host    all    postgres    127.0.0.1/32    trust
            host    all    postgres    ::1/128         trust
            """;

    private EmbeddedServers() {}

    /**
     * The embedded PostgreSQL: its JDBC URL and the logins of the owner role (Flyway migrates as it), the application
     * role (crweb and crbridge connect as it) and the superuser (for the operator).
     */
    record Database(
            EmbeddedPostgres server,
            Path dataDirectory,
            String url,
            DatabaseRoles.Login superuser,
            DatabaseRoles.Login owner,
            DatabaseRoles.Login application)
            implements AutoCloseable {

        private Path pidFile() {
            return dataDirectory.resolve("postmaster.pid");
        }

        /** Stops the server (fast shutdown) and waits until its postmaster has ended, so nothing outlives the JVM. */
        @Override
        public void close() throws IOException {
            Optional<ProcessHandle> postmaster = OrphanedServer.runningFrom(pidFile(), dataDirectory, "postgres");
            server.close();
            postmaster.ifPresent(process -> OrphanedServer.awaitExit(process, OrphanedServer.CLEAN_STOP));
        }

        @Override
        public String toString() {
            return "embedded PostgreSQL";
        }
    }

    /**
     * A PostgreSQL server keeping its cluster in {@code dataDirectory/postgres} (an existing one is reused) that
     * accepts password logins only (scram-sha-256). A new cluster is made that way, with the superuser's password,
     * by initdb itself. A cluster an older version made (which trusted every local connection as the superuser
     * postgres) is upgraded on its next start: for the moment it takes to set the passwords and make the roles, before
     * any other part of CloudRoutes starts, the superuser logs in from this machine without one; from then on every
     * login needs one.
     */
    static Database postgres(Path dataDirectory) {
        return postgres(dataDirectory, 0);
    }

    /**
     * The same on a given port (0: any free one), so that a server stopped and started again on its data directory is
     * found where its clients already look.
     */
    static Database postgres(Path dataDirectory, int port) {
        Path cluster = dataDirectory.resolve("postgres");
        try {
            KeptSecrets.ownerOnlyDirectory(dataDirectory);
            Path superuserFile = dataDirectory.resolve("postgres-superuser.password");
            boolean newCluster = !Files.exists(cluster.resolve("postgresql.conf"));
            boolean trusting = !newCluster && !(Files.exists(superuserFile) && requiresPasswords(cluster));
            DatabaseRoles.Login superuser = new DatabaseRoles.Login(
                    SUPERUSER,
                    KeptSecrets.readOrCreate(
                            superuserFile,
                            KeptSecrets::newPassword,
                            "the password of the embedded PostgreSQL's superuser postgres"));
            DatabaseRoles.Login owner = new DatabaseRoles.Login(
                    OWNER_ROLE,
                    KeptSecrets.readOrCreate(
                            dataDirectory.resolve("postgres-owner.password"),
                            KeptSecrets::newPassword,
                            "the password of the embedded PostgreSQL's owner role"));
            DatabaseRoles.Login application = new DatabaseRoles.Login(
                    APP_ROLE,
                    KeptSecrets.readOrCreate(
                            dataDirectory.resolve("postgres-app.password"),
                            KeptSecrets::newPassword,
                            "the password of the embedded PostgreSQL's application role"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // stopped by Standalone's one shutdown hook, after the processes that use it
                    .setRegisterShutdownHook(false)
                    // the builder's own check that the server is up logs in as postgres
                    .setConnectConfig("password", superuser.password())
                    // The builder starts postgres with -F (fsync off) and synchronous_commit=off, for throwaway test
                    // databases; these come after -F and win: a commit reported is on disk, and a power cut loses
                    // nothing.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // runs after initdb, before the server starts
                    .setDataDirectoryCustomizer(directory ->
                            writeHba(directory.toPath(), trusting ? SETTING_PASSWORDS : PASSWORDS_REQUIRED));
            if (newCluster) {
                // The builder hands these to initdb as --name=value after its own "-A trust", which they override: the
                // cluster requires passwords from its first start, and the superuser's is the one kept in the file.
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", superuserFile.toString());
            }
            if (!newCluster) {
                // a postgres left running by a CloudRoutes JVM that was killed would refuse the new start
                OrphanedServer.stopIfOurs(
                        "embedded PostgreSQL", cluster.resolve("postmaster.pid"), cluster, "postgres", "INT");
            }
            EmbeddedPostgres server = builder.start();
            String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
            try (Connection administrator = DriverManager.getConnection(url, SUPERUSER, superuser.password())) {
                if (trusting) {
                    setPassword(administrator, superuser);
                }
                DatabaseRoles.apply(administrator, owner, application);
                if (trusting) {
                    writeHba(cluster, PASSWORDS_REQUIRED);
                    try (Statement reload = administrator.createStatement()) {
                        reload.execute("SELECT pg_reload_conf()");
                    }
                    log.info("embedded PostgreSQL of an older version now requires passwords data={}", cluster);
                }
            } catch (SQLException e) {
                server.close();
                throw new IllegalStateException(
                        "could not set up the embedded PostgreSQL's roles in " + cluster + ": " + e.getMessage(), e);
            }
            log.info("embedded PostgreSQL started port={} data={}", server.getPort(), cluster);
            return new Database(server, cluster, url, superuser, owner, application);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not start embedded PostgreSQL in " + cluster
                            + "; set CLOUDROUTES_DATABASE_URL to use an external database",
                    e);
        }
    }

    private static boolean requiresPasswords(Path cluster) throws IOException {
        Path hba = cluster.resolve("pg_hba.conf");
        return Files.exists(hba)
                && Files.readString(hba)
                        .startsWith(PASSWORDS_REQUIRED.lines().findFirst().orElseThrow());
    }

    private static void writeHba(Path cluster, String content) {
        try {
            Files.writeString(cluster.resolve("pg_hba.conf"), content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + cluster.resolve("pg_hba.conf"), e);
        }
    }

    private static void setPassword(Connection administrator, DatabaseRoles.Login superuser) throws SQLException {
        // the password travels as a parameter and is quoted by format(): whatever the file holds, it stays a literal
        try (PreparedStatement set =
                administrator.prepareStatement("SELECT set_config('cloudroutes.superuser_password', ?, false)")) {
            set.setString(1, superuser.password());
            set.execute();
        }
        try (Statement alter = administrator.createStatement()) {
            alter.execute("DO $$ BEGIN EXECUTE format('ALTER ROLE postgres PASSWORD %L', "
                    + "current_setting('cloudroutes.superuser_password')); "
                    + "PERFORM set_config('cloudroutes.superuser_password', '', false); END $$");
        }
    }

    /**
     * A Redis server on loopback that requires {@code password}, persisting to an append-only file in {@code directory}.
     * A Redis that a killed CloudRoutes JVM left running on this directory is stopped first, so that two servers
     * never write the same files.
     */
    static EmbeddedRedis redis(Path directory, int port, String password) {
        try {
            // its append-only file and snapshots hold every monitor's definition and state
            KeptSecrets.ownerOnlyDirectory(directory);
            Path pidFile = directory.resolve("redis.pid");
            OrphanedServer.stopIfOurs("embedded Redis", pidFile, directory, "redis-server", "TERM");
            EmbeddedRedis redis = EmbeddedRedis.start(
                    port,
                    List.of(
                            "dir " + directory,
                            // written at start, removed at a clean exit: a file naming a live process means one was
                            // left
                            "pidfile " + pidFile,
                            "appendonly yes",
                            "save 60 1",
                            "requirepass " + password));
            log.info("embedded Redis started port={} data={}", port, directory);
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not start embedded Redis in " + directory
                            + "; set CLOUDROUTES_REDIS_URL to use an external Redis",
                    e);
        }
    }
}
