package io.cloudroutes.checks.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.checks.support.FullBacklog;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.plugin.Settings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

class RedisCheckTest {

    private static final String PASSWORD = "secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static RedisServer server;
    private static int port;
    private static RedisClient seeder;
    private static StatefulRedisConnection<String, String> seed;

    private final RedisCheckType type = new RedisCheckType();

    @BeforeAll
    static void startRedis() throws IOException {
        port = LoopbackPorts.next();
        server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("requirepass " + PASSWORD)
                .build();
        server.start();
        seeder = RedisClient.create(RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port)
                .withPassword(PASSWORD.toCharArray())
                .build());
        seed = seeder.connect();
        RedisCommands<String, String> redis = seed.sync();
        redis.rpush("queue", "a", "b", "c");
        redis.rpush("backlog", IntStream.range(0, 250).mapToObj(String::valueOf).toArray(String[]::new));
        redis.rpush("my queue", "x", "y");
        redis.set("greeting", "abc");
        redis.set("counter", "42");
        redis.select(2);
        redis.set("only-in-two", "1");
        redis.select(0);
    }

    @AfterAll
    static void stopRedis() throws IOException {
        seed.close();
        seeder.shutdown();
        server.stop();
    }

    private static Map<String, String> settings(String... extra) {
        Map<String, String> settings =
                new HashMap<>(Map.of("host", "127.0.0.1", "port", String.valueOf(port), "password", PASSWORD));
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                settings.remove(extra[i]);
            } else {
                settings.put(extra[i], extra[i + 1]);
            }
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
    void repeatsOnlyTheStartOfALongErrorFromTheServer() throws IOException {
        // whoever answers on the port writes the error: a reason never repeats more than 200 characters of it
        try (ServerSocket fake = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket client = fake.accept()) {
                    client.getInputStream().read(new byte[256]);
                    client.getOutputStream()
                            .write(("-ERR " + "x".repeat(10_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    client.getInputStream().read();
                } catch (IOException ignored) {
                    // the check hung up
                }
            });
            CheckOutcome outcome = type.create(
                            Settings.withDefaults(
                                    type.settings(),
                                    Map.of("host", "127.0.0.1", "port", String.valueOf(fake.getLocalPort()))),
                            LoopbackServices.ALLOWED)
                    .run(TIMEOUT);

            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .startsWith("PING failed: ERR xxx")
                    .endsWith("…")
                    .hasSize("PING failed: ".length() + 201);
        }
    }

    @Test
    void answersPongByDefault() {
        CheckOutcome outcome = run();
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).matches("PONG in \\d+ ms");
    }

    @Test
    void failsWithAWrongPassword() {
        CheckOutcome outcome = run("password", "not-the-secret");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("WRONGPASS: authentication failed for user 'default'");
    }

    @Test
    void failsWithAWrongPasswordForANamedUser() {
        CheckOutcome outcome = run("username", "monitor", "password", "not-the-secret");
        assertThat(outcome.reason()).isEqualTo("WRONGPASS: authentication failed for user 'monitor'");
    }

    @Test
    void failsWithoutAPasswordWhenTheServerRequiresOne() {
        CheckOutcome outcome = run("password", null);
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("NOAUTH: authentication failed, the server requires a password");
    }

    @Test
    void healthyWhenTheReplyMeetsTheThreshold() {
        CheckOutcome outcome = run("command", "llen queue", "operator", "<", "value", "100");
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).matches("LLEN queue returned 3 \\(expected < 100\\) in \\d+ ms");
    }

    @Test
    void failsWhenTheReplyExceedsTheThreshold() {
        CheckOutcome outcome = run("command", "LLEN backlog", "operator", "<", "value", "100");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("LLEN backlog returned 250, expected < 100");
    }

    @Test
    void comparesAStringReplyThatHoldsANumber() {
        assertThat(run("command", "GET counter", "operator", "==", "value", "42.0")
                        .reason())
                .matches("GET counter returned 42 \\(expected == 42.0\\) in \\d+ ms");
    }

    @Test
    void reportsTheReplyWithoutThreshold() {
        assertThat(run("command", "GET greeting").reason()).matches("GET greeting returned abc in \\d+ ms");
        assertThat(run("command", "GET missing").reason()).matches("GET missing returned nil in \\d+ ms");
        assertThat(run("command", "LLEN \"my queue\"").reason()).matches("LLEN \"my queue\" returned 2 in \\d+ ms");
    }

    @Test
    void failsWhenTheReplyIsNotANumber() {
        CheckOutcome outcome = run("command", "GET greeting", "operator", ">", "value", "0");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("reply 'abc' is not a number");
        assertThat(run("command", "GET missing", "operator", ">", "value", "0").reason())
                .isEqualTo("reply nil is not a number");
    }

    @Test
    void comparesAFieldOfInfo() {
        assertThat(run("command", "INFO clients", "field", "connected_clients", "operator", ">=", "value", "1")
                        .reason())
                .matches("connected_clients is \\d+ \\(expected >= 1\\) in \\d+ ms");
        CheckOutcome outcome = run("command", "INFO memory", "field", "used_memory", "operator", "<", "value", "100");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).matches("used_memory is \\d+, expected < 100");
        assertThat(run("command", "INFO memory", "field", "no_such_field").reason())
                .isEqualTo("INFO memory has no field 'no_such_field'");
        assertThat(run("command", "INFO").reason()).matches("INFO answered in \\d+ ms");
    }

    @Test
    void selectsTheDatabase() {
        assertThat(run("command", "DBSIZE", "database", "2").reason()).matches("DBSIZE returned 1 in \\d+ ms");
    }

    @Test
    void failsWithTheServersErrorForACommandItRejects() {
        CheckOutcome outcome = run("command", "LLEN greeting");
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("LLEN greeting failed: WRONGTYPE Operation against a key holding the wrong kind of value");
    }

    @Test
    void failsWhenTheConnectionIsRefused() throws IOException {
        int closed = LoopbackPorts.next();
        CheckOutcome outcome = run("port", String.valueOf(closed));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("connection refused to 127.0.0.1:" + closed);
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
    void failsWhenTheServerAcceptsButNeverAnswers() throws IOException {
        // The kernel completes the TCP handshake on a listening socket; nothing ever reads or writes.
        try (ServerSocket mute = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String mutePort = String.valueOf(mute.getLocalPort());
            assertThat(run(settings("port", mutePort, "password", null), Duration.ofMillis(500))
                            .reason())
                    .isEqualTo("no reply to PING within 500 ms");
            assertThat(run(settings("port", mutePort), Duration.ofMillis(500)).reason())
                    .isEqualTo("no reply to AUTH within 500 ms");
        }
    }

    @Test
    void refusesWriteAndBlockingCommands() {
        assertThat(type.validate(settings("command", "SET counter 0")).get("command"))
                .startsWith("Command SET is not allowed: a monitor may only run one of the read-only commands PING, ");
        assertThat(type.validate(settings("command", "flushall")).get("command"))
                .startsWith("Command FLUSHALL is not allowed");
        assertThat(type.validate(settings("command", "KEYS *")).get("command"))
                .startsWith("Command KEYS is not allowed");
        assertThat(type.validate(settings("command", "MEMORY DOCTOR")).get("command"))
                .startsWith("Command MEMORY DOCTOR is not allowed");
        assertThat(type.validate(settings("command", "memory usage queue"))).isEmpty();
    }

    @Test
    void neverRunsAWriteCommandEvenWhenValidationWasBypassed() {
        assertThatThrownBy(() -> type.create(
                        Settings.withDefaults(type.settings(), settings("command", "SET counter 0")),
                        LoopbackServices.ALLOWED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(seed.sync().get("counter")).isEqualTo("42");
    }

    @Test
    void rejectsACommandWithTheWrongArguments() {
        assertThat(type.validate(settings("command", "LLEN")))
                .containsExactly(Map.entry("command", "Command LLEN has the wrong number of arguments; use LLEN key"));
        assertThat(type.validate(settings("command", "GET \"open")))
                .containsExactly(Map.entry("command", "Command has a quote \" that is never closed"));
    }

    @Test
    void rejectsBadThresholdAndFieldSettings() {
        assertThat(type.validate(settings("command", "DBSIZE", "operator", "~", "value", "1")))
                .containsExactly(Map.entry("operator", "Operator must be one of <, <=, >, >=, ==, !="));
        assertThat(type.validate(settings("command", "DBSIZE", "operator", "<", "value", "lots")))
                .containsExactly(Map.entry("value", "Value must be a number, e.g. 100 or 0.5"));
        assertThat(type.validate(settings("operator", "<", "value", "5")))
                .containsExactly(
                        Map.entry("command", "Command is required to compare with a threshold, e.g. LLEN queue"));
        assertThat(type.validate(settings("command", "INFO memory", "operator", "<", "value", "5")))
                .containsExactly(Map.entry(
                        "field", "INFO field is required to compare an INFO reply with a threshold, e.g. used_memory"));
        assertThat(type.validate(settings("command", "LLEN queue", "field", "used_memory")))
                .containsExactly(Map.entry("field", "INFO field only applies to an INFO command, e.g. INFO memory"));
        assertThat(type.validate(settings("command", "INFO", "field", "used memory")))
                .containsExactly(Map.entry(
                        "field", "INFO field must be one field name without spaces or colons, e.g. used_memory"));
    }

    @Test
    void rejectsMissingUnknownAndOutOfRangeSettings() {
        assertThat(type.validate(Map.of())).containsExactly(Map.entry("host", "Host is required"));
        assertThat(type.validate(settings("username", "monitor", "password", null)))
                .containsExactly(Map.entry("password", "Password is required when a user name is given"));
        assertThat(type.validate(settings("database", "-1")).get("database")).startsWith("Database must be between 0");
        assertThat(type.validate(settings("tls", "yes")))
                .containsExactly(Map.entry("tls", "TLS must be true or false"));
        assertThat(type.validate(settings("db", "1")))
                .containsExactly(Map.entry(
                        "db",
                        "unknown setting 'db'; allowed: "
                                + "host, port, username, password, database, tls, command, field, operator, value"));
    }

    @Test
    void everyAllowedCommandIsOneLettuceCanSend() {
        for (String name : RedisCommand.allowed()) {
            assertThat(new RedisCommand(name, List.of()).keyword().toString()).isEqualTo(name.split(" ")[0]);
        }
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
                        type.settings(), settings("command", "LLEN queue", "operator", "==", "value", "3")),
                LoopbackServices.ALLOWED);
        List<CheckOutcome> outcomes = IntStream.range(0, 8)
                .parallel()
                .mapToObj(i -> check.run(TIMEOUT))
                .toList();
        assertThat(outcomes).extracting(CheckOutcome::status).containsOnly(Status.HEALTHY);
    }

    @Test
    void isFoundThroughTheServiceLoader() {
        assertThat(CheckType.registry().find("redis")).get().isInstanceOf(RedisCheckType.class);
    }

    @Test
    void neverShowsThePasswordInItsConfiguration() {
        RedisCheck.Config config = type.parse(settings()).orThrow();
        assertThat(config.toString()).doesNotContain(PASSWORD).contains("password=set");
    }
}
