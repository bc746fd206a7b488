package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.webhook.WebhookReactionType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookReactionTest {

    private final WebhookReactionType type = new WebhookReactionType();
    private final StatusChanged recovery = new StatusChanged(
            5, "db", Status.FAILED, Status.HEALTHY, "connected in 3 ms", "default", 1_700_000_000_000L, 1);
    private final AtomicReference<String> receivedBody = new AtomicReference<>();
    private final AtomicReference<String> receivedAuth = new AtomicReference<>();
    private final AtomicReference<String> receivedType = new AtomicReference<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            receivedBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            receivedAuth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            receivedType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] answer = "thanks".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            byte[] answer = "database locked".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ReactionResult run(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null))
                .run(recovery, Duration.ofSeconds(5));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void postsTheTransitionAsJsonWithTheConfiguredHeaders() {
        ReactionResult result = run(Map.of("url", url("/hook"), "headers", "Authorization: Bearer t0ken"));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output()).startsWith("HTTP 200 from " + url("/hook")).contains("thanks");
        assertThat(receivedBody.get())
                .isEqualTo("{\"monitorId\":5,\"monitorName\":\"db\",\"from\":\"FAILED\","
                        + "\"to\":\"HEALTHY\",\"reason\":\"connected in 3 ms\",\"zone\":\"default\","
                        + "\"at\":\"2023-11-14T22:13:20Z\",\"heldFor\":1}");
        assertThat(receivedAuth.get()).isEqualTo("Bearer t0ken");
        assertThat(receivedType.get()).isEqualTo("application/json");
    }

    @Test
    void failsWithTheStatusAndBodyOfANon2xxAnswer() {
        ReactionResult result = run(Map.of("url", url("/broken")));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.output()).startsWith("HTTP 500 from").contains("database locked");
    }

    @Test
    void failsWhenTheReceiverIsDown() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ReactionResult result = run(Map.of("url", "http://127.0.0.1:" + closed + "/hook"));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.output()).startsWith("could not POST to http://127.0.0.1:" + closed);
    }

    @Test
    void rejectsABadUrlAndBadHeaderLines() {
        Map<String, String> errors = type.validate(Map.of("url", "ftp://x", "headers", "Authorization Bearer"));
        assertThat(errors).containsOnlyKeys("url", "headers");
        assertThat(errors.get("headers")).contains("line 1 is not a header");
    }
}
