package io.cloudroutes.checks.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.PluginType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsExpiryCheckTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration DAY = Duration.ofDays(1);

    private static TestCertificates authority;
    private static TlsExpiryCheckType type;

    @BeforeAll
    static void createAuthority() throws Exception {
        authority = new TestCertificates("CloudRoutes Test CA", NOW);
        type = new TlsExpiryCheckType(Clock.fixed(NOW, ZoneOffset.UTC), authority.trustingThisAuthority());
    }

    private static CheckOutcome check(TlsExpiryCheckType checkType, Map<String, String> settings, Duration timeout) {
        assertThat(checkType.validate(settings)).isEmpty();
        return checkType.create(settings, LoopbackServices.ALLOWED).run(timeout);
    }

    private static Map<String, String> settings(String host, int port, String serverName, String minDaysLeft) {
        Map<String, String> settings = new HashMap<>(Map.of("host", host, "port", String.valueOf(port)));
        if (serverName != null) {
            settings.put("serverName", serverName);
        }
        if (minDaysLeft != null) {
            settings.put("minDaysLeft", minDaysLeft);
        }
        return settings;
    }

    private static SSLContext shop(Duration left) throws Exception {
        return authority.server("shop.example.com", NOW.minus(DAY.multipliedBy(30)), NOW.plus(left));
    }

    private static String date(Duration fromNow) {
        return LocalDate.ofInstant(NOW.plus(fromNow), ZoneOffset.UTC).toString();
    }

    @Test
    void healthyWhenMoreThanTheMinimumIsLeftSayingTheChainIsTrusted() throws Exception {
        try (TlsTestServer server = new TlsTestServer(shop(DAY.multipliedBy(60)))) {
            CheckOutcome outcome =
                    check(type, settings("127.0.0.1", server.port(), "shop.example.com", null), Duration.ofSeconds(5));
            assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
            assertThat(outcome.reason())
                    .isEqualTo("certificate CN=shop.example.com expires in 60 days (" + date(DAY.multipliedBy(60))
                            + "); trusted");
            assertThat(server.nextRequestedNames()).containsExactly("shop.example.com");
        }
    }

    @Test
    void failsWhenFewerDaysThanTheMinimumAreLeft() throws Exception {
        try (TlsTestServer server = new TlsTestServer(shop(DAY.multipliedBy(3)))) {
            CheckOutcome outcome =
                    check(type, settings("127.0.0.1", server.port(), "shop.example.com", null), Duration.ofSeconds(5));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo("certificate CN=shop.example.com expires in 3 days (" + date(DAY.multipliedBy(3))
                            + "), less than the minimum 14");
        }
    }

    @Test
    void takesTheMinimumFromTheSetting() throws Exception {
        try (TlsTestServer server = new TlsTestServer(shop(DAY.multipliedBy(60)))) {
            CheckOutcome outcome =
                    check(type, settings("127.0.0.1", server.port(), "shop.example.com", "90"), Duration.ofSeconds(5));
            assertThat(outcome.reason())
                    .isEqualTo("certificate CN=shop.example.com expires in 60 days (" + date(DAY.multipliedBy(60))
                            + "), less than the minimum 90");
            CheckOutcome lastHours =
                    check(type, settings("127.0.0.1", server.port(), "shop.example.com", "0"), Duration.ofSeconds(5));
            assertThat(lastHours.status()).isEqualTo(Status.HEALTHY);
        }
    }

    @Test
    void failsWhenTheCertificateHasExpired() throws Exception {
        try (TlsTestServer server = new TlsTestServer(shop(DAY.multipliedBy(-2)))) {
            CheckOutcome outcome =
                    check(type, settings("127.0.0.1", server.port(), "shop.example.com", "0"), Duration.ofSeconds(5));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo(
                            "certificate CN=shop.example.com expired 2 days ago (" + date(DAY.multipliedBy(-2)) + ")");
        }
    }

    @Test
    void failsWhenTheCertificateIsNotValidYet() throws Exception {
        SSLContext early =
                authority.server("shop.example.com", NOW.plus(DAY.multipliedBy(5)), NOW.plus(DAY.multipliedBy(90)));
        try (TlsTestServer server = new TlsTestServer(early)) {
            CheckOutcome outcome =
                    check(type, settings("127.0.0.1", server.port(), "shop.example.com", null), Duration.ofSeconds(5));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo("certificate CN=shop.example.com is not valid before " + date(DAY.multipliedBy(5)));
        }
    }

    @Test
    void judgesExpiryOfAnUntrustedCertificateAndSaysItIsNotTrusted() throws Exception {
        TlsExpiryCheckType strangerTrusting = new TlsExpiryCheckType(
                Clock.fixed(NOW, ZoneOffset.UTC), new TestCertificates("Some Other CA", NOW).trustingThisAuthority());
        try (TlsTestServer server = new TlsTestServer(shop(DAY.multipliedBy(60)))) {
            CheckOutcome outcome = check(
                    strangerTrusting,
                    settings("127.0.0.1", server.port(), "shop.example.com", null),
                    Duration.ofSeconds(5));
            assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
            assertThat(outcome.reason())
                    .isEqualTo("certificate CN=shop.example.com expires in 60 days (" + date(DAY.multipliedBy(60))
                            + "); not trusted: issued by a certificate authority this worker does not trust");
        }
    }

    @Test
    void sendsTheConfiguredServerNameAndSaysWhenTheCertificateIsNotForIt() throws Exception {
        try (TlsTestServer server = new TlsTestServer(shop(DAY.multipliedBy(60)))) {
            CheckOutcome outcome =
                    check(type, settings("127.0.0.1", server.port(), "admin.example.com", null), Duration.ofSeconds(5));
            assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
            assertThat(outcome.reason()).endsWith("; not trusted: not issued for admin.example.com");
            assertThat(server.nextRequestedNames()).containsExactly("admin.example.com");
        }
    }

    @Test
    void sendsTheHostAsServerNameByDefaultAndNoneForAnIpAddress() throws Exception {
        try (TlsTestServer server = new TlsTestServer(shop(DAY.multipliedBy(60)))) {
            assertThat(check(type, settings("localhost", server.port(), null, null), Duration.ofSeconds(5))
                            .reason())
                    .endsWith("; not trusted: not issued for localhost");
            assertThat(server.nextRequestedNames()).containsExactly("localhost");
            check(type, settings("127.0.0.1", server.port(), null, null), Duration.ofSeconds(5));
            assertThat(server.nextRequestedNames()).isEmpty();
        }
    }

    @Test
    void failsWhenTheConnectionIsRefused() throws Exception {
        int port;
        try (ServerSocket unused = new ServerSocket(0)) {
            port = unused.getLocalPort();
        }
        CheckOutcome outcome = check(type, settings("127.0.0.1", port, null, null), Duration.ofSeconds(2));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("connection refused to 127.0.0.1:" + port);
    }

    @Test
    void failsWhenTheServerDoesNotSpeakTls() throws Exception {
        try (PlainServer http = new PlainServer(client -> {
            client.getInputStream().read();
            client.getOutputStream()
                    .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getInputStream().read();
        })) {
            CheckOutcome outcome = check(type, settings("127.0.0.1", http.port(), null, null), Duration.ofSeconds(5));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo("127.0.0.1:" + http.port() + " does not speak TLS (its reply is not a TLS handshake)");
        }
    }

    @Test
    void failsWhenTheServerHangsUpDuringTheHandshake() throws Exception {
        try (PlainServer rude =
                new PlainServer(client -> client.getInputStream().read())) {
            CheckOutcome outcome = check(type, settings("127.0.0.1", rude.port(), null, null), Duration.ofSeconds(5));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).startsWith("TLS handshake with 127.0.0.1:" + rude.port() + " failed: ");
        }
    }

    @Test
    void failsWhenTheHandshakeDoesNotFinishWithinTheTimeout() throws Exception {
        try (PlainServer silent =
                new PlainServer(client -> client.getInputStream().readAllBytes())) {
            CheckOutcome outcome =
                    check(type, settings("127.0.0.1", silent.port(), null, null), Duration.ofMillis(300));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason())
                    .isEqualTo("no TLS handshake with 127.0.0.1:" + silent.port() + " within 300 ms");
        }
    }

    @Test
    void rejectsAnIpAddressAsServerNameAndANegativeMinimum() {
        Map<String, String> errors =
                type.validate(Map.of("host", "shop.example.com", "serverName", "192.0.2.1", "minDaysLeft", "-1"));
        assertThat(errors).containsEntry("minDaysLeft", "Minimum days left must be between 0 and 3650");
        assertThat(errors.get("serverName")).startsWith("Server name (SNI) must be a host name");
        assertThat(type.validate(Map.of("host", "shop.example.com"))).isEmpty();
        assertThat(type.validate(Map.of())).containsOnly(Map.entry("host", "Host is required"));
    }

    @Test
    void isFoundByTheServiceLoader() {
        assertThat(CheckType.registry().find("tls-expiry"))
                .get()
                .extracting(PluginType::name)
                .isEqualTo("TLS certificate expiry");
    }

    /** A plain TCP server playing one script per client. */
    private static final class PlainServer implements AutoCloseable {

        interface Script {
            void play(Socket client) throws IOException;
        }

        private final ServerSocket server;

        PlainServer(Script script) throws IOException {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (client) {
                                script.play(client);
                            } catch (IOException ignored) {
                                // The check hung up.
                            }
                        });
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
