package io.cloudroutes.checks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.checks.support.FullBacklog;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresCheckTest {

    private static final String PASSWORD = "m0nitor-Secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static EmbeddedPostgres postgres;
    private static DataSource shop;

    private final PostgresCheckType type = new PostgresCheckType();

    @BeforeAll
    static void startPostgres() throws IOException, SQLException {
        // The superuser keeps trust so the test can set up; the monitor role must give its password.
        // TLS with a self-signed certificate: good enough for require, never for verify-full.
        postgres = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(dir -> {
                    try {
                        Files.writeString(dir.toPath().resolve("pg_hba.conf"), """
                                local all all trust
                                host all postgres 127.0.0.1/32 trust
                                host all postgres ::1/128 trust
                                host all all 127.0.0.1/32 scram-sha-256
                                host all all ::1/128 scram-sha-256
                                """);
                        writeSelfSignedCertificate(dir.toPath());
                    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", "server.crt")
                .setServerConfig("ssl_key_file", "server.key")
                .start();
        execute(
                postgres.getPostgresDatabase(),
                "create role monitor login password '" + PASSWORD + "'",
                "create database shop");
        shop = postgres.getDatabase("postgres", "shop");
        execute(
                shop,
                "create table jobs (id int primary key, state text not null)",
                "insert into jobs values (1, 'done'), (2, 'done'), (3, 'stuck')",
                "grant select, insert, update, delete on jobs to monitor");
    }

    private static void writeSelfSignedCertificate(Path dataDirectory)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(1))),
                        name,
                        keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        writePem(dataDirectory.resolve("server.crt"), certificate);
        Path key = dataDirectory.resolve("server.key");
        writePem(key, keys.getPrivate());
        // PostgreSQL refuses a key that others may read.
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private static void writePem(Path file, Object object) throws IOException {
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            writer.writeObject(object);
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = shop.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, String> settings(String... extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "host",
                "127.0.0.1",
                "port",
                String.valueOf(postgres.getPort()),
                "database",
                "shop",
                "user",
                "monitor",
                "password",
                PASSWORD,
                "sslmode",
                "disable"));
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    private CheckOutcome run(Map<String, String> settings, Duration timeout) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), LoopbackServices.ALLOWED)
                .run(timeout);
    }

    private CheckOutcome run(String... extra) {
        return run(settings(extra), TIMEOUT);
    }

    @Test
    void healthyWhenItConnectsWithoutAQuery() {
        CheckOutcome outcome = run();
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).matches("connected to 127\\.0\\.0\\.1:" + postgres.getPort() + "/shop in \\d+ ms");
    }

    @Test
    void healthyOverTlsWhenTheCertificateNeedNotBeVerified() {
        assertThat(run("sslmode", "require").status()).isEqualTo(Status.HEALTHY);
        assertThat(run("sslmode", "prefer").status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void failsWhenTheCertificateIsNotTrustedAndMustBeVerified() {
        CheckOutcome outcome = run("sslmode", "verify-full");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .startsWith("TLS error with 127.0.0.1:" + postgres.getPort() + ": ")
                .contains("PKIX path building failed");
    }

    @Test
    void reportsTheFirstValueOfAQueryWithoutThreshold() {
        CheckOutcome outcome = run("query", "select count(*) from jobs");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).matches("query returned 3 in \\d+ ms");
    }

    @Test
    void healthyWhenTheQueryResultMeetsTheThreshold() {
        CheckOutcome outcome =
                run("query", "select count(*) from jobs where state = 'stuck'", "operator", "<", "value", "100");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).matches("query returned 1 \\(expected < 100\\) in \\d+ ms");
    }

    @Test
    void failsWhenTheQueryResultExceedsTheThreshold() {
        CheckOutcome outcome = run("query", "select 250", "operator", "<", "value", "100");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("query returned 250, expected < 100");
    }

    @Test
    void comparesDecimalsByValue() {
        assertThat(run("query", "select 1.50::numeric", "operator", "==", "value", "1.5")
                        .status())
                .isEqualTo(Status.HEALTHY);
        assertThat(run("query", "select 0.25::float8", "operator", ">=", "value", "0.3")
                        .reason())
                .isEqualTo("query returned 0.25, expected >= 0.3");
    }

    @Test
    void failsWhenTheQueryReturnsNoRows() {
        CheckOutcome outcome = run("query", "select id from jobs where state = 'lost'", "operator", "==", "value", "0");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("query returned no rows");
    }

    @Test
    void failsWhenTheQueryResultIsNotANumber() {
        assertThat(run("query", "select state from jobs where id = 3", "operator", ">", "value", "0")
                        .reason())
                .isEqualTo("query result 'stuck' is not a number");
        assertThat(run("query", "select null", "operator", ">", "value", "0").reason())
                .isEqualTo("query result NULL is not a number");
    }

    @Test
    void failsWithAWrongPasswordAndNeverShowsIt() {
        CheckOutcome outcome = run("password", "wrong-password");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("authentication failed for user 'monitor'");
    }

    @Test
    void failsForAnUnknownDatabase() {
        CheckOutcome outcome = run("database", "nosuch");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("database \"nosuch\" does not exist");
    }

    @Test
    void failsWhenTheConnectionIsRefused() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0)) {
            port = server.getLocalPort();
        }
        CheckOutcome outcome = run("port", String.valueOf(port));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("connection refused to 127.0.0.1:" + port);
    }

    @Test
    void failsWhenNoConnectionIsMadeWithinTheTimeout() throws IOException {
        try (FullBacklog silent = new FullBacklog()) {
            CheckOutcome outcome = run(settings("port", String.valueOf(silent.port())), Duration.ofMillis(500));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).isEqualTo("no connection to 127.0.0.1:" + silent.port() + " within 500 ms");
        }
    }

    @Test
    void failsWhenTheQueryDoesNotFinishWithinTheTimeoutAndStopsIt() {
        CheckOutcome outcome = run(settings("query", "select pg_sleep(5)"), Duration.ofMillis(500));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("query did not finish within 500 ms");
        // The server stops it too, rather than sleeping on for a client that has gone.
        await().atMost(Duration.ofSeconds(4))
                .until(() -> count(
                                "select count(*) from pg_stat_activity where query = 'select pg_sleep(5)' and state = 'active'")
                        == 0);
    }

    @Test
    void refusesAQueryThatWritesAndChangesNothing() throws SQLException {
        CheckOutcome outcome = run("query", "delete from jobs");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("query refused, monitors may only read: cannot execute DELETE in a read-only transaction");
        assertThat(count("select count(*) from jobs")).isEqualTo(3);
    }

    @Test
    void neverRunsASecondStatementAfterACommitEvenWhenValidationWasBypassed() throws SQLException {
        assertThatThrownBy(() -> type.create(settings("query", "commit; delete from jobs"), LoopbackServices.ALLOWED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a single statement");
        // a configuration that never went through parse: the check refuses the query all the same
        PostgresCheck.Config valid = type.parse(settings()).orThrow();
        PostgresCheck.Config bypassed = new PostgresCheck.Config(
                valid.host(),
                valid.port(),
                valid.database(),
                valid.user(),
                valid.password(),
                valid.sslmode(),
                "commit; delete from jobs",
                Optional.empty());
        String egressKey = GuardedSockets.register(LoopbackServices.ALLOWED.egress());
        CheckOutcome outcome = new PostgresCheck(bypassed, egressKey).run(TIMEOUT);
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("query must be a single statement, but has 2 separated by semicolons");
        assertThat(count("select count(*) from jobs")).isEqualTo(3);
    }

    @Test
    void failsWithPostgresMessageForASyntaxError() {
        CheckOutcome outcome = run("query", "selec count(*) from jobs");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("query failed: syntax error at or near \"selec\"");
    }

    @Test
    void rejectsBadThresholdSettings() {
        assertThat(type.validate(settings("query", "select 1", "operator", "=>", "value", "1")))
                .containsExactly(Map.entry("operator", "Operator must be one of <, <=, >, >=, ==, !="));
        assertThat(type.validate(settings("query", "select 1", "operator", "<", "value", "ten")))
                .containsExactly(Map.entry("value", "Value must be a number, e.g. 100 or 0.5"));
        assertThat(type.validate(settings("query", "select 1", "operator", "<")))
                .containsExactly(Map.entry("value", "Value is required when an operator is chosen, e.g. 100"));
        assertThat(type.validate(settings("query", "select 1", "value", "5")))
                .containsExactly(
                        Map.entry("operator", "Operator is required when a value is given: one of < <= > >= == !="));
        assertThat(type.validate(settings("operator", "<", "value", "5")))
                .containsExactly(Map.entry(
                        "query", "Query is required to compare with a threshold, e.g. select count(*) from jobs"));
    }

    @Test
    void rejectsAQueryOfSeveralStatementsOrNone() {
        assertThat(type.validate(settings("query", "select 1; delete from jobs")))
                .containsExactly(
                        Map.entry("query", "Query must be a single statement, but has 2 separated by semicolons"));
        assertThat(type.validate(settings("query", " ; ;")))
                .containsExactly(Map.entry("query", "Query has no statement, only semicolons"));
        assertThat(type.validate(settings("query", "select ';' from jobs where state = $$a;b$$;")))
                .isEmpty();
    }

    @Test
    void rejectsMissingAndUnknownSettingsAndAnUnknownTlsMode() {
        assertThat(type.validate(Map.of())).containsOnlyKeys("host", "database", "user");
        assertThat(type.validate(settings("sslmode", "allow")))
                .containsExactly(Map.entry("sslmode", "TLS mode must be one of disable, prefer, require, verify-full"));
        assertThat(type.validate(settings("timeoutMillis", "5")))
                .containsExactly(Map.entry(
                        "timeoutMillis",
                        "unknown setting 'timeoutMillis'; allowed: host, port, database, user, password, sslmode, query, "
                                + "operator, value"));
        assertThat(type.validate(settings("port", "70000")))
                .containsExactly(Map.entry("port", "Port must be between 1 and 65535"));
    }

    @Test
    void failsForAnUnknownHost() {
        CheckOutcome outcome = run("host", "nowhere.invalid");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("unknown host nowhere.invalid");
    }

    @Test
    void runsConcurrentlyOnOneCheck() {
        Check check = type.create(
                Settings.withDefaults(
                        type.settings(),
                        settings("query", "select count(*) from jobs", "operator", "==", "value", "3")),
                LoopbackServices.ALLOWED);
        List<CheckOutcome> outcomes = IntStream.range(0, 8)
                .parallel()
                .mapToObj(i -> check.run(TIMEOUT))
                .toList();
        assertThat(outcomes).extracting(CheckOutcome::status).containsOnly(Status.HEALTHY);
    }

    @Test
    void isFoundThroughTheServiceLoader() {
        assertThat(CheckType.registry().find("postgres")).get().isInstanceOf(PostgresCheckType.class);
    }

    @Test
    void neverShowsThePasswordInItsConfiguration() {
        PostgresCheck.Config config = type.parse(settings()).orThrow();
        assertThat(config.toString()).doesNotContain(PASSWORD).contains("monitor@127.0.0.1");
    }
}
