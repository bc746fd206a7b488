package io.cloudroutes.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redirects, TLS verification, the Host override and the deadline: what a monitor chooses about the connection. */
class HttpConnectionChoicesTest {

    private final CountDownLatch releaseBody = new CountDownLatch(1);
    private HttpCheckType type = new HttpCheckType();
    private LocalServer server;
    private LocalServer tls;

    @BeforeEach
    void startServer() throws IOException {
        server = LocalServer.http()
                .respond("/ok", 200, "text/plain", "fine")
                .redirect("/moved", 302, "/ok")
                .redirect("/gone", 301, "/missing")
                .respond("/missing", 404, "text/plain", "no such page")
                .redirect("/loop", 302, "/loop")
                .handle("/host", exchange -> LocalServer.send(exchange, 200, "host seen"))
                .handle("/trickle", exchange -> {
                    exchange.sendResponseHeaders(200, 1000);
                    exchange.getResponseBody().write("partial".getBytes());
                    exchange.getResponseBody().flush();
                    try {
                        releaseBody.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
    }

    @AfterEach
    void stopServers() {
        releaseBody.countDown();
        server.close();
        if (tls != null) {
            tls.close();
        }
    }

    private CheckOutcome run(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), LoopbackServices.ALLOWED)
                .run(Duration.ofSeconds(5));
    }

    private LocalServer tlsServer(TestCertificate certificate) throws Exception {
        tls = LocalServer.https(certificate.serverContext());
        tls.handle("/host", exchange -> LocalServer.send(exchange, 200, "secure"));
        return tls;
    }

    @Test
    void followsRedirectsByDefault() {
        CheckOutcome outcome = run(Map.of("url", server.url("/moved")));
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).matches("HTTP 200 in \\d+ ms");
        assertThat(server.seen("/ok")).isNotNull();
    }

    @Test
    void judgesARedirectByItsStatusWhenNotFollowing() {
        CheckOutcome outcome = run(Map.of("url", server.url("/moved"), "followRedirects", "false"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("expected status 200-299 but got 302 (redirect to /ok)");
        assertThat(server.seen("/ok")).isNull();
        assertThat(run(Map.of("url", server.url("/moved"), "followRedirects", "false", "expectedStatus", "302"))
                        .status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void saysWhereAFollowedRedirectLedWhenTheStatusIsWrong() {
        assertThat(run(Map.of("url", server.url("/gone"))).reason())
                .isEqualTo("expected status 200-299 but got 404 at " + server.url("/missing") + " after 1 redirect");
    }

    @Test
    void failsOnARedirectLoop() {
        assertThat(run(Map.of("url", server.url("/loop"))).reason())
                .isEqualTo("redirect loop: " + server.url("/loop") + " redirects back to " + server.url("/loop"));
    }

    @Test
    void sendsTheHostOverrideAsTheHostHeader() {
        assertThat(run(Map.of("url", server.url("/host"), "hostHeader", "status.example.test"))
                        .status())
                .isEqualTo(Status.HEALTHY);
        assertThat(server.seen("/host").headers().getFirst("Host")).isEqualTo("status.example.test");
        run(Map.of("url", server.url("/host")));
        assertThat(server.seen("/host").headers().getFirst("Host")).isEqualTo("127.0.0.1:" + server.port());
    }

    @Test
    void failsWhenTheCertificateIsNotTrusted() throws Exception {
        tlsServer(TestCertificate.selfSigned("localhost"));
        CheckOutcome outcome = run(Map.of("url", tls.url("/host")));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason())
                .isEqualTo("TLS handshake failed: certificate not trusted (self-signed: CN=localhost)");
        assertThat(tls.seen("/host")).isNull();
    }

    @Test
    void failsWhenATrustedCertificateHasExpired() throws Exception {
        Instant expiry = Instant.parse("2025-01-31T23:59:59Z");
        TestCertificate certificate =
                TestCertificate.selfSigned("localhost", expiry.minus(Duration.ofDays(90)), expiry);
        type = new HttpCheckType(certificate.trustManager());
        tlsServer(certificate);
        assertThat(run(Map.of("url", tls.url("/host"))).reason())
                .isEqualTo("TLS handshake failed: certificate expired on 2025-01-31T23:59:59Z (CN=localhost)");
    }

    @Test
    void saysTheHandshakeFailedWhenHttpsMeetsAPlainHttpServer() throws IOException {
        try (ServerSocket plain = answeringEveryConnection("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
            assertThat(run(Map.of("url", "https://127.0.0.1:" + plain.getLocalPort() + "/"))
                            .reason())
                    .startsWith("TLS handshake with 127.0.0.1:" + plain.getLocalPort() + " failed: ");
        }
    }

    @Test
    void failsWhenTheServerHangsUpWithoutAnswering() throws IOException {
        try (ServerSocket hangUp = answeringEveryConnection("")) {
            assertThat(run(Map.of("url", "http://127.0.0.1:" + hangUp.getLocalPort() + "/"))
                            .reason())
                    .isEqualTo("connection closed by 127.0.0.1:" + hangUp.getLocalPort() + " without a response");
        }
    }

    @Test
    void saysWhenTheBodyBreaksOff() throws IOException {
        try (ServerSocket cut = answeringEveryConnection("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")) {
            assertThat(run(Map.of("url", "http://127.0.0.1:" + cut.getLocalPort() + "/"))
                            .reason())
                    .startsWith("HTTP 200 received, but reading the body failed: ");
        }
    }

    /**
     * A bare TCP server that reads each request's head (or the first bytes of a TLS hello, which has no line ends),
     * writes {@code answer} and closes the connection.
     */
    private static ServerSocket answeringEveryConnection(String answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    var in = socket.getInputStream();
                    StringBuilder head = new StringBuilder();
                    int next = in.read();
                    boolean tlsHello = next == 0x16;
                    while (!tlsHello && next >= 0) {
                        head.append((char) next);
                        if (head.toString().endsWith("\r\n\r\n")) {
                            break;
                        }
                        next = in.read();
                    }
                    socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    @Test
    void acceptsAnyCertificateWhenVerificationIsOff() throws Exception {
        tlsServer(TestCertificate.selfSigned("localhost"));
        CheckOutcome outcome = run(Map.of("url", tls.url("/host"), "verifyTls", "false"));
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).matches("HTTP 200 in \\d+ ms");
    }

    @Test
    void failsWhenATrustedCertificateIsForAnotherName() throws Exception {
        TestCertificate certificate = TestCertificate.selfSigned("shop.example.test");
        type = new HttpCheckType(certificate.trustManager());
        tlsServer(certificate);
        assertThat(run(Map.of("url", tls.url("/host"))).reason())
                .isEqualTo("TLS handshake failed: certificate does not match 127.0.0.1 (it is for shop.example.test)");
    }

    @Test
    void verifiesTheCertificateAgainstTheHostOverride() throws Exception {
        TestCertificate certificate = TestCertificate.selfSigned("shop.example.test");
        type = new HttpCheckType(certificate.trustManager());
        tlsServer(certificate);
        CheckOutcome outcome = run(Map.of("url", tls.url("/host"), "hostHeader", "shop.example.test"));
        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(Status.HEALTHY);
        assertThat(tls.seen("/host").headers().getFirst("Host")).isEqualTo("shop.example.test");
    }

    @Test
    void oneMonitorsChoicesNeverChangeAnothers() throws Exception {
        tlsServer(TestCertificate.selfSigned("localhost"));
        var lenient = type.create(
                Settings.withDefaults(type.settings(), Map.of("url", tls.url("/host"), "verifyTls", "false")),
                LoopbackServices.ALLOWED);
        var strict = type.create(
                Settings.withDefaults(type.settings(), Map.of("url", tls.url("/host"))), LoopbackServices.ALLOWED);
        var notFollowing = type.create(
                Settings.withDefaults(type.settings(), Map.of("url", server.url("/moved"), "followRedirects", "false")),
                LoopbackServices.ALLOWED);
        var following = type.create(
                Settings.withDefaults(type.settings(), Map.of("url", server.url("/moved"))), LoopbackServices.ALLOWED);
        for (int round = 0; round < 3; round++) {
            assertThat(lenient.run(Duration.ofSeconds(5)).status()).isEqualTo(Status.HEALTHY);
            assertThat(strict.run(Duration.ofSeconds(5)).reason())
                    .startsWith("TLS handshake failed: certificate not trusted");
            assertThat(notFollowing.run(Duration.ofSeconds(5)).reason())
                    .startsWith("expected status 200-299 but got 302");
            assertThat(following.run(Duration.ofSeconds(5)).status()).isEqualTo(Status.HEALTHY);
        }
    }

    @Test
    void theDeadlineCoversReadingTheBody() {
        Map<String, String> settings = new HashMap<>(Map.of("url", server.url("/trickle")));
        CheckOutcome outcome = type.create(Settings.withDefaults(type.settings(), settings), LoopbackServices.ALLOWED)
                .run(Duration.ofMillis(500));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("HTTP 200 received, but not the whole body within 500 ms");
    }
}
