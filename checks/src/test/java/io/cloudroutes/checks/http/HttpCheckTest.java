package io.cloudroutes.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.LoopbackServices;
import io.cloudroutes.checks.support.FullBacklog;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCheckTest {

    private final HttpCheckType type = new HttpCheckType();
    private final CountDownLatch releaseSlowResponse = new CountDownLatch(1);
    private final AtomicReference<String> seenHeader = new AtomicReference<>();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        respond("/ok", 200, "all systems go");
        respond("/broken", 503, "maintenance");
        respond("/error-page", 200, "ERROR: database down");
        server.createContext("/headers", exchange -> {
            seenHeader.set(exchange.getRequestHeaders().getFirst("X-Token"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                releaseSlowResponse.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stopServer() {
        releaseSlowResponse.countDown();
        server.stop(0);
    }

    private void respond(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private CheckOutcome run(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), LoopbackServices.ALLOWED)
                .run(Duration.ofSeconds(2));
    }

    @Test
    void healthyWhenTheStatusIsExpected() {
        CheckOutcome outcome = run(Map.of("url", url("/ok")));
        assertThat(outcome.status()).isEqualTo(Status.HEALTHY);
        assertThat(outcome.reason()).startsWith("HTTP 200 in ");
    }

    @Test
    void failsOnAnUnexpectedStatusAndSaysWhichItGot() {
        CheckOutcome outcome = run(Map.of("url", url("/broken")));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("expected status 200-299 but got 503");
    }

    @Test
    void acceptsAListOfExpectedCodes() {
        assertThat(run(Map.of("url", url("/broken"), "expectedStatus", "200, 500-503"))
                        .status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void failsWhenAKeywordThatMustBePresentIsMissing() {
        CheckOutcome outcome = run(Map.of("url", url("/ok"), "keyword", "healthy"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("keyword 'healthy' not found in the response");
        assertThat(run(Map.of("url", url("/ok"), "keyword", "systems go")).status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void failsWhenAKeywordThatMustBeAbsentIsPresent() {
        CheckOutcome outcome = run(Map.of("url", url("/error-page"), "keyword", "ERROR", "keywordMode", "absent"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("keyword 'ERROR' found in the response but must be absent");
    }

    @Test
    void sendsTheConfiguredHeaders() {
        assertThat(run(Map.of("url", url("/headers"), "headers", "X-Token: s3cret\nAccept: text/plain"))
                        .status())
                .isEqualTo(Status.HEALTHY);
        assertThat(seenHeader.get()).isEqualTo("s3cret");
    }

    @Test
    void failsWhenNothingListens() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CheckOutcome outcome = run(Map.of("url", "http://127.0.0.1:" + closedPort + "/"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("connection refused to 127.0.0.1:" + closedPort);
    }

    @Test
    void failsWhenTheHostDoesNotExist() {
        CheckOutcome outcome = run(Map.of("url", "http://nowhere.invalid/"));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("unknown host nowhere.invalid");
    }

    @Test
    void failsWhenNoResponseComesWithinTheTimeout() {
        CheckOutcome outcome = type.create(
                        Settings.withDefaults(type.settings(), Map.of("url", url("/slow"))), LoopbackServices.ALLOWED)
                .run(Duration.ofMillis(300));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("no response within 300 ms");
    }

    @Test
    void failsWhenNoConnectionIsMadeWithinTheTimeout() throws IOException {
        try (FullBacklog silent = new FullBacklog()) {
            CheckOutcome outcome = type.create(
                            Settings.withDefaults(
                                    type.settings(), Map.of("url", "http://127.0.0.1:" + silent.port() + "/")),
                            LoopbackServices.ALLOWED)
                    .run(Duration.ofMillis(300));
            assertThat(outcome.status()).isEqualTo(Status.FAILED);
            assertThat(outcome.reason()).isEqualTo("no connection to 127.0.0.1:" + silent.port() + " within 300 ms");
        }
    }

    @Test
    void sendsTheConfiguredMethod() {
        AtomicReference<String> seenMethod = new AtomicReference<>();
        server.createContext("/method", exchange -> {
            seenMethod.set(exchange.getRequestMethod());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        assertThat(run(Map.of("url", url("/method"), "method", "HEAD")).status())
                .isEqualTo(Status.HEALTHY);
        assertThat(seenMethod.get()).isEqualTo("HEAD");
    }

    @Test
    void rejectsBadSettingsFieldByField() {
        Map<String, String> bad = new HashMap<>();
        bad.put("url", "localhost:8080/health");
        bad.put("method", "FETCH");
        bad.put("expectedStatus", "200-abc");
        bad.put("headers", "no colon here");
        bad.put("colour", "red");
        Map<String, String> errors = type.validate(bad);
        assertThat(errors).containsOnlyKeys("url", "method", "expectedStatus", "headers", "colour");
        assertThat(errors.get("url")).contains("absolute http:// or https:// URL");
        assertThat(errors.get("expectedStatus")).contains("'200-abc' is not a status code");
        assertThat(errors.get("headers")).contains("line 1 is not a header");
        assertThat(type.validate(Map.of("url", url("/"), "expectedStatus", "99")))
                .containsEntry("expectedStatus", "Expected status: '99': status codes are between 100 and 599");
        assertThat(type.validate(Map.of("url", url("/"), "expectedStatus", "300-200")))
                .containsEntry("expectedStatus", "Expected status: range '300-200' starts above its end");
        assertThat(errors.get("colour")).startsWith("unknown setting 'colour'");
        assertThat(type.validate(Map.of())).containsEntry("url", "URL is required");
    }
}
