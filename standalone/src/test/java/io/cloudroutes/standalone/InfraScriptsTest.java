package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.ops.OpsAccess;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.zmq.CurveKeyPair;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.ZmqSecurity;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * The deployment's scripts in infra/, run for real: the secrets generate-secrets.sh makes are accepted by
 * CloudRoutes' own code, the Redis users render-users.sh writes are enforced by Redis, and init-roles.sh makes the
 * PostgreSQL roles the processes connect as.
 */
class InfraScriptsTest {

    private static final Path INFRA = Path.of("..", "infra").toAbsolutePath().normalize();

    static Map<String, String> secrets;

    @BeforeAll
    static void generateSecrets() throws Exception {
        secrets = new LinkedHashMap<>();
        for (String line : run(
                        List.of("sh", INFRA.resolve("generate-secrets.sh").toString()), Map.of())
                .lines()
                .toList()) {
            if (!line.startsWith("#")) {
                secrets.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
    }

    private static String run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(command, environment, false);
    }

    /** Runs {@code command} with {@code environment} added to this process's, or in place of it when {@code only}. */
    private static String run(List<String> command, Map<String, String> environment, boolean only)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (only) {
            builder.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG"));
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
        }
        return output;
    }

    @Test
    void everyGeneratedSecretIsOneCloudRoutesAccepts() {
        assertThat(SecretBox.fromOptionalBase64(secrets.get("CLOUDROUTES_SECRET_KEY")))
                .isPresent();
        assertThat(OpsAccess.of(secrets.get("CLOUDROUTES_OPS_TOKEN")).tokenConfigured())
                .isTrue();
        for (String role : List.of("BROKER", "RESULTS", "CONTROL", "WORKER")) {
            CurveKeyPair pair =
                    CurveKeyPair.fromSecretKey(secrets.get("CLOUDROUTES_ZMQ_" + role + "_SECRET_KEY"), role);
            assertThat(pair.publicKey()).as(role).isEqualTo(secrets.get("CLOUDROUTES_ZMQ_" + role + "_PUBLIC_KEY"));
        }
        assertThat(secrets)
                .containsKeys(
                        "CLOUDROUTES_POSTGRES_PASSWORD",
                        "CLOUDROUTES_DATABASE_OWNER_PASSWORD",
                        "CLOUDROUTES_DATABASE_PASSWORD",
                        "CLOUDROUTES_REDIS_ADMIN_PASSWORD",
                        "CLOUDROUTES_REDIS_CRBRIDGE_PASSWORD",
                        "CLOUDROUTES_REDIS_CRWEB_PASSWORD",
                        "CLOUDROUTES_REDIS_CONTROL_PASSWORD",
                        "CLOUDROUTES_REDIS_REPLICA_PASSWORD",
                        "CLOUDROUTES_REDIS_SENTINEL_PASSWORD");
        assertThat(secrets.values()).doesNotHaveDuplicates();
    }

    @Test
    void generatedCurveKeysCarryAWorkersResultToTheActioner() {
        ZmqSecurity actioner = ZmqSecurity.of(
                secrets.get("CLOUDROUTES_ZMQ_RESULTS_SECRET_KEY"),
                null,
                null,
                null,
                secrets.get("CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEY"),
                ZmqSecurity.DEFAULT_MAX_MESSAGE_BYTES);
        ZmqSecurity worker = ZmqSecurity.of(
                secrets.get("CLOUDROUTES_ZMQ_WORKER_SECRET_KEY"),
                secrets.get("CLOUDROUTES_ZMQ_BROKER_PUBLIC_KEY"),
                secrets.get("CLOUDROUTES_ZMQ_RESULTS_PUBLIC_KEY"),
                null,
                null,
                ZmqSecurity.DEFAULT_MAX_MESSAGE_BYTES);
        String endpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        try (ZContext server = new ZContext();
                ZContext client = new ZContext()) {
            PlaneSockets actionerPlane = new PlaneSockets(server, actioner);
            ZMQ.Socket results = server.createSocket(SocketType.PULL);
            results.setReceiveTimeOut(100);
            actionerPlane.serve(results, "results", actioner.workerPublicKeys());
            results.bind(endpoint);
            ZMQ.Socket push = client.createSocket(SocketType.PUSH);
            push.setLinger(0);
            new PlaneSockets(client, worker).connectTo(push, worker.requireResultsPublicKey());
            push.connect(endpoint);
            push.send("result");
            await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> "result".equals(results.recvStr()));
            actionerPlane.close();
        }
    }

    @Test
    void theRenderedRedisUsersAreEnforcedByRedis() throws Exception {
        String users = run(List.of("sh", INFRA.resolve("redis/render-users.sh").toString()), secrets);
        assertThat(users).doesNotContain("${CLOUDROUTES_");
        int port = LoopbackPorts.next();
        RedisServerBuilder builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1");
        users.lines().filter(line -> line.startsWith("user ")).forEach(builder::setting);
        RedisServer redis = builder.build();
        redis.start();
        RedisClient client = RedisClient.create();
        try {
            RedisURI crweb = RedisURI.create("redis://cloudroutes-crweb:"
                    + secrets.get("CLOUDROUTES_REDIS_CRWEB_PASSWORD") + "@127.0.0.1:" + port);
            assertThat(client.connect(crweb).sync().ping()).isEqualTo("PONG");
            assertThatThrownBy(() -> client.connect(crweb).sync().zadd(RedisKeys.SCHEDULE, 0, "1"))
                    .hasMessageContaining("NOPERM");
            assertThat(TestRedis.replyWithoutLogin(port, "GET " + RedisKeys.MAIL_MODE))
                    .startsWith("-NOAUTH");
        } finally {
            client.shutdown();
            redis.stop();
        }
    }

    @Test
    void renderingStopsOnAMissingOrUnsafePassword() {
        Map<String, String> unsafe = new LinkedHashMap<>(secrets);
        unsafe.put("CLOUDROUTES_REDIS_CRWEB_PASSWORD", "has a space and/slash");
        assertThatThrownBy(() ->
                        run(List.of("sh", INFRA.resolve("redis/render-users.sh").toString()), unsafe))
                .hasMessageContaining("CLOUDROUTES_REDIS_CRWEB_PASSWORD may hold only letters, digits");
        Map<String, String> missing = new LinkedHashMap<>(secrets);
        missing.remove("CLOUDROUTES_REDIS_CONTROL_PASSWORD");
        assertThatThrownBy(() ->
                        run(List.of("sh", INFRA.resolve("redis/render-users.sh").toString()), missing))
                .hasMessageContaining("CLOUDROUTES_REDIS_CONTROL_PASSWORD is not set");
    }

    @Test
    void theComposeFileTakesTheGeneratedSecretsAndGivesEachProcessItsOwnLogins(@TempDir Path project) throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/docker-compose")))
                .as("docker-compose is missing: run .ci/install-test-tools")
                .isTrue();
        // the secrets generate-secrets.sh made, as the .env file compose reads
        Path env = Files.write(
                project.resolve("generated.env"),
                secrets.entrySet().stream()
                        .map(secret -> secret.getKey() + "=" + secret.getValue())
                        .toList());
        // `config` only reads and checks the file: no Docker engine is involved
        String config = run(compose(env), Map.of(), true);
        for (String process : List.of("crweb", "crbridge", "control")) {
            // every process finds the primary through the three Sentinels, which fail over to the replica
            assertThat(config)
                    .as(process + "'s Redis URL")
                    .contains("CLOUDROUTES_REDIS_URL: redis-sentinel://cloudroutes-"
                            + process + ":"
                            + secrets.get("CLOUDROUTES_REDIS_" + process.toUpperCase(Locale.ROOT) + "_PASSWORD")
                            + "@redis-sentinel-1:26379,redis-sentinel-2:26379,redis-sentinel-3:26379#cloudroutes");
        }
        assertThat(config)
                .contains(
                        "CLOUDROUTES_REDIS_REPLICA_OF: redis",
                        "CLOUDROUTES_REDIS_SENTINEL_PASSWORD: " + secrets.get("CLOUDROUTES_REDIS_SENTINEL_PASSWORD"),
                        "CLOUDROUTES_REDIS_REPLICA_PASSWORD: " + secrets.get("CLOUDROUTES_REDIS_REPLICA_PASSWORD"));
        // two brokers, each binding its own sockets, and controls and workers that use both
        assertThat(config)
                .contains(
                        "cram-broker-b:",
                        "CLOUDROUTES_BROKER_FRONTEND: tcp://cram-broker:5555,tcp://cram-broker-b:5555",
                        "CLOUDROUTES_BROKER_BACKEND: tcp://cram-broker:5556,tcp://cram-broker-b:5556",
                        "CLOUDROUTES_BROKER_FRONTEND_BIND: tcp://*:5555");
        assertThat(config)
                .contains(
                        "CLOUDROUTES_DATABASE_USERNAME: cloudroutes_app",
                        "CLOUDROUTES_DATABASE_OWNER_USERNAME: cloudroutes_owner",
                        "CLOUDROUTES_ZMQ_SECRET_KEY: " + secrets.get("CLOUDROUTES_ZMQ_WORKER_SECRET_KEY"));

        Path empty = Files.writeString(project.resolve("empty.env"), "");
        assertThatThrownBy(() -> run(compose(empty), Map.of(), true))
                .hasMessageContaining("run (umask 077; infra/generate-secrets.sh > .env) first");
    }

    private static List<String> compose(Path envFile) {
        return List.of(
                "/usr/bin/docker-compose",
                "--env-file",
                envFile.toString(),
                "--project-directory",
                INFRA.getParent().toString(),
                "-f",
                INFRA.getParent().resolve("docker-compose.yml").toString(),
                "config");
    }

    @Test
    void theAlertRulesAreValidPrometheusRulesAndFireWhereTheirUnitTestsSay() throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/promtool")))
                .as("promtool (Debian package prometheus) is missing: run .ci/install-test-tools")
                .isTrue();
        Path rules = INFRA.resolve("prometheus");
        assertThat(run(
                        List.of(
                                "/usr/bin/promtool",
                                "check",
                                "rules",
                                rules.resolve("cloudroutes-alerts.yml").toString()),
                        Map.of()))
                .contains("SUCCESS: " + alertsIn(rules.resolve("cloudroutes-alerts.yml")) + " rules found");
        // the unit tests name the rule file relative to themselves
        assertThat(run(
                        List.of(
                                "sh",
                                "-c",
                                "cd \"$0\" && /usr/bin/promtool test rules cloudroutes-alerts.test.yml",
                                rules.toString()),
                        Map.of()))
                .contains("SUCCESS");
    }

    /** How many alerts the rule file defines, each of which promtool must have read. */
    private static long alertsIn(Path rules) throws IOException {
        return Files.readAllLines(rules).stream()
                .filter(line -> line.trim().startsWith("- alert:"))
                .count();
    }

    @Test
    void theInitScriptMakesTheRolesAsThePostgresContainerRunsIt() throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/psql")))
                .as("psql (Debian package postgresql-client) is missing: run .ci/install-test-tools")
                .isTrue();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Map<String, String> container = new LinkedHashMap<>();
            container.put("POSTGRES_USER", "postgres");
            container.put("POSTGRES_DB", "postgres");
            container.put("PGHOST", "127.0.0.1");
            container.put("PGPORT", String.valueOf(postgres.getPort()));
            container.put(
                    "CLOUDROUTES_ROLES_SQL",
                    INFRA.resolve("postgres/cloudroutes-roles.sql").toString());
            container.put("CLOUDROUTES_DATABASE_OWNER_PASSWORD", secrets.get("CLOUDROUTES_DATABASE_OWNER_PASSWORD"));
            container.put("CLOUDROUTES_DATABASE_PASSWORD", secrets.get("CLOUDROUTES_DATABASE_PASSWORD"));
            run(List.of("sh", INFRA.resolve("postgres/init-roles.sh").toString()), container);
            try (Connection superuser = postgres.getPostgresDatabase().getConnection();
                    ResultSet roles = superuser
                            .createStatement()
                            .executeQuery("SELECT rolname FROM pg_authid WHERE rolname "
                                    + "IN ('cloudroutes_owner', 'cloudroutes_app') AND rolcanlogin AND NOT rolsuper "
                                    + "AND rolpassword LIKE 'SCRAM-SHA-256$%' ORDER BY rolname")) {
                assertThat(roles.next()).isTrue();
                assertThat(roles.getString(1)).isEqualTo("cloudroutes_app");
                assertThat(roles.next()).isTrue();
                assertThat(roles.getString(1)).isEqualTo("cloudroutes_owner");
            }
        }
    }
}
