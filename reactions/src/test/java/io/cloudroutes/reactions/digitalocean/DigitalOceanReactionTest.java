package io.cloudroutes.reactions.digitalocean;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.TestServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the reaction over real HTTP against a local server that answers like the DigitalOcean API v2. */
class DigitalOceanReactionTest {

    private static final String TOKEN = "dop_v1_0123456789abcdef";

    private final DigitalOceanReactionType type = new DigitalOceanReactionType(Duration.ofMillis(20));
    private final StatusChanged failure =
            new StatusChanged(7, "shop", Status.HEALTHY, Status.FAILED, "HTTP 502", "default", 1_700_000_000_000L, 1);
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final CountDownLatch silence = new CountDownLatch(1);
    private HttpServer server;

    record Received(String method, String path, String authorization, String contentType, String body) {}

    record Answer(int status, String json) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().startsWith("/v2/droplets/999/")) {
            try {
                silence.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        String path = exchange.getRequestURI().toString();
        received.add(new Received(
                exchange.getRequestMethod(),
                path,
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Answer answer;
        synchronized (answers) {
            Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
            answer = queue == null
                    ? new Answer(
                            404,
                            "{\"id\":\"not_found\",\"message\":\"The resource you were "
                                    + "accessing could not be found.\"}")
                    : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(answer.status(), json.length);
        exchange.getResponseBody().write(json);
        exchange.close();
    }

    @AfterEach
    void stop() {
        silence.countDown();
        server.stop(0);
    }

    private void answer(String request, Answer... replies) {
        synchronized (answers) {
            answers.put(request, new ArrayDeque<>(List.of(replies)));
        }
    }

    private static Answer action(int httpStatus, String status, String type) {
        return new Answer(
                httpStatus,
                "{\"action\":{\"id\":36804745,\"status\":\"" + status + "\",\"type\":\"" + type
                        + "\",\"started_at\":\"2026-11-25T20:00:00Z\",\"completed_at\":"
                        + (status.equals("in-progress") ? "null" : "\"2026-11-25T20:00:20Z\"")
                        + ",\"resource_id\":3164444,\"resource_type\":\"droplet\",\"region\":{\"name\":\"New York 3\","
                        + "\"slug\":\"nyc3\",\"available\":true},\"region_slug\":\"nyc3\"}}");
    }

    private String api() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    private ReactionResult run(String action, Duration timeout) {
        return reaction(Map.of("dropletId", "3164444", "action", action, "token", TOKEN, "apiBaseUrl", api()))
                .run(failure, timeout);
    }

    @Test
    void rebootsTheDropletAndFollowsTheActionUntilCompleted() {
        answer("POST /v2/droplets/3164444/actions", action(201, "in-progress", "reboot"));
        answer("GET /v2/actions/36804745", action(200, "in-progress", "reboot"), action(200, "completed", "reboot"));

        ReactionResult result = run("reboot", Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .isEqualTo("POST " + api() + "/v2/droplets/3164444/actions {\"type\":\"reboot\"}"
                        + " → HTTP 201, action 36804745 (reboot) in-progress\n"
                        + "action 36804745 completed: droplet 3164444 rebooted");
        assertThat(received)
                .extracting(r -> r.method() + " " + r.path())
                .containsExactly(
                        "POST /v2/droplets/3164444/actions", "GET /v2/actions/36804745", "GET /v2/actions/36804745");
        Received post = received.getFirst();
        assertThat(post.body()).isEqualTo("{\"type\":\"reboot\"}");
        assertThat(post.contentType()).isEqualTo("application/json");
        assertThat(received).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
    }

    @Test
    void powerCyclesWhenAskedTo() {
        answer("POST /v2/droplets/3164444/actions", action(201, "in-progress", "power_cycle"));
        answer("GET /v2/actions/36804745", action(200, "completed", "power_cycle"));

        ReactionResult result = run("power_cycle", Duration.ofSeconds(10));

        assertThat(result.output()).endsWith("action 36804745 completed: droplet 3164444 power-cycled");
        assertThat(received.getFirst().body()).isEqualTo("{\"type\":\"power_cycle\"}");
    }

    @Test
    void anActionStillInProgressAtTheDeadlineCountsAsExecuted() {
        answer("POST /v2/droplets/3164444/actions", action(201, "in-progress", "reboot"));
        answer("GET /v2/actions/36804745", action(200, "in-progress", "reboot"));

        ReactionResult result = run("reboot", Duration.ofSeconds(1));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output())
                .endsWith("action 36804745 was still in-progress when the run's deadline of "
                        + "1000 ms came; DigitalOcean carries it out");
    }

    @Test
    void anErroredActionFails() {
        answer("POST /v2/droplets/3164444/actions", action(201, "in-progress", "reboot"));
        answer("GET /v2/actions/36804745", action(200, "errored", "reboot"));

        ReactionResult result = run("reboot", Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .endsWith("action 36804745 errored: DigitalOcean could not reboot droplet 3164444;"
                        + " see the droplet's history in the control panel");
    }

    @Test
    void aRefusedTokenFailsForGood() {
        answer(
                "POST /v2/droplets/3164444/actions",
                new Answer(401, "{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you\"}"));

        ReactionResult result = run("reboot", Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .isEqualTo("POST " + api() + "/v2/droplets/3164444/actions {\"type\":\"reboot\"} "
                        + "→ HTTP 401 unauthorized: Unable to authenticate you\n"
                        + "DigitalOcean refused the API token: check it is valid and has write access");
    }

    @Test
    void anUnknownDropletFailsForGood() {
        ReactionResult result = run("reboot", Duration.ofSeconds(10));

        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .endsWith("→ HTTP 404 not_found: The resource you were accessing could not be "
                        + "found.\nNo droplet 3164444 in the token's account");
    }

    @Test
    void anActionTheDropletCannotTakeFailsWithDigitalOceansMessage() {
        answer(
                "POST /v2/droplets/3164444/actions",
                new Answer(422, "{\"id\":\"unprocessable_entity\",\"message\":\"Droplet is currently off.\"}"));

        ReactionResult result = run("reboot", Duration.ofSeconds(10));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output()).endsWith("→ HTTP 422 unprocessable_entity: Droplet is currently off.");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetryable() {
        answer(
                "POST /v2/droplets/3164444/actions",
                new Answer(429, "{\"id\":\"too_many_requests\",\"message\":\"API Rate limit exceeded.\"}"));
        ReactionResult limited = run("reboot", Duration.ofSeconds(10));
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.output()).endsWith("→ HTTP 429 too_many_requests: API Rate limit exceeded.");

        answer(
                "POST /v2/droplets/3164444/actions",
                new Answer(
                        503, "{\"id\":\"service_unavailable\",\"message\":\"Service is temporarily unavailable.\"}"));
        ReactionResult down = run("reboot", Duration.ofSeconds(10));
        assertThat(down.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(down.retryable()).isTrue();
    }

    @Test
    void anUnreachableApiIsRetryable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ReactionResult result = reaction(
                        Map.of("dropletId", "3164444", "token", TOKEN, "apiBaseUrl", "http://127.0.0.1:" + closed))
                .run(failure, Duration.ofSeconds(5));

        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .startsWith("could not POST to http://127.0.0.1:" + closed
                        + "/v2/droplets/3164444/actions: ConnectException");
    }

    @Test
    void noAnswerWithinTheDeadlineIsRetryable() {
        ReactionResult result = reaction(Map.of("dropletId", "999", "token", TOKEN, "apiBaseUrl", api()))
                .run(failure, Duration.ofSeconds(1));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output())
                .isEqualTo("no answer from POST " + api() + "/v2/droplets/999/actions within " + "1000 ms");
    }

    @Test
    void dryRunShowsTheRequestWithTheTokenMasked() {
        DigitalOceanReactionType standard = new DigitalOceanReactionType();
        Reaction reaction = standard.create(
                Settings.withDefaults(standard.settings(), Map.of("dropletId", "3164444", "token", TOKEN)),
                TestServices.withMail(null));

        assertThat(reaction.dryRun(failure)).hasValue("""
                POST https://api.digitalocean.com/v2/droplets/3164444/actions
                Authorization: Bearer ****
                Content-Type: application/json

                {"type":"reboot"}

                then every 2 s until the action is completed or errored (within the run's deadline):
                GET https://api.digitalocean.com/v2/actions/<action id>
                Authorization: Bearer ****""");
        assertThat(received).isEmpty();
    }

    @Test
    void rejectsABadDropletIdAndAction() {
        Map<String, String> errors = type.validate(Map.of("dropletId", "web-1", "action", "shutdown", "token", "t"));
        assertThat(errors).containsOnlyKeys("dropletId", "action");
        assertThat(errors.get("dropletId")).isEqualTo("Droplet ID must be a whole number");
        assertThat(errors.get("action")).isEqualTo("Action must be one of reboot, power_cycle");
        assertThat(type.validate(Map.of("dropletId", "3164444"))).containsOnlyKeys("token");
    }

    @Test
    void isOneSidedAndRegistered() {
        assertThat(type.restoresOnRecovery()).isFalse();
        assertThat(type.settings())
                .filteredOn(s -> s.name().equals("token"))
                .singleElement()
                .matches(s -> s.secret());
        assertThat(ReactionType.registry().find("digitalocean")).isPresent();
    }
}
