package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.webhook.WebhookReactionType;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookTemplateTest {

    private final WebhookReactionType type = new WebhookReactionType();
    private final StatusChanged failure = new StatusChanged(
            12,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "body said \"down\"\nthen closed",
            "eu-west",
            1_700_000_000_000L,
            3);
    private final RecordingServer server = new RecordingServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    @Test
    void putsTheRenderedTemplateWithValuesEscapedForJson() {
        server.answer("/hook", 204, null, "");
        ReactionResult result = reaction(Map.of(
                        "url",
                        server.url("/hook"),
                        "method",
                        "PUT",
                        "bodyTemplate",
                        "{\"text\": \"{{monitorName}} is {{to}}: {{reason}}\", \"link\": \"{{monitorUrl}}\","
                                + " \"failed\": {{isFailed}}, \"held\": {{heldFor}}}"))
                .run(failure, Duration.ofSeconds(5));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(result.output()).isEqualTo("HTTP 204 from " + server.url("/hook"));
        RecordingServer.Received request = server.only();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.body())
                .isEqualTo("{\"text\": \"checkout-api is FAILED: body said \\\"down\\\"\\nthen closed\","
                        + " \"link\": \"https://cloudroutes.example.com/monitors/12\", \"failed\": true, \"held\": 3}");
    }

    @Test
    void sendsTheRunsKeyOnEveryAttemptOfTheRunAndTheUsersOwnHeaderWinsOverIt() {
        server.answer("/hook", 200, null, "");
        server.answer("/own", 200, null, "");
        reaction(Map.of("url", server.url("/hook"))).run(failure, Duration.ofSeconds(5), "cloudroutes-run-41");
        reaction(Map.of("url", server.url("/hook"))).run(failure, Duration.ofSeconds(5), "cloudroutes-run-41");
        reaction(Map.of("url", server.url("/own"), "headers", "idempotency-key: mine"))
                .run(failure, Duration.ofSeconds(5), "cloudroutes-run-42");

        assertThat(server.received())
                .extracting(r -> r.header("Idempotency-Key"))
                .containsExactly("cloudroutes-run-41", "cloudroutes-run-41", "mine");
    }

    @Test
    void sendsAPlainTextTemplateWithValuesAsTheyAre() {
        server.answer("/hook", 200, "text/plain", "ok");
        reaction(Map.of(
                        "url",
                        server.url("/hook"),
                        "method",
                        "PATCH",
                        "contentType",
                        "text/plain; charset=utf-8",
                        "bodyTemplate",
                        "{{#isFailed}}DOWN{{/isFailed}}{{^isFailed}}UP{{/isFailed}} {{monitorName}} \"{{reason}}\""))
                .run(failure, Duration.ofSeconds(5));
        RecordingServer.Received request = server.only();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(request.body()).isEqualTo("DOWN checkout-api \"body said \"down\"\nthen closed\"");
    }

    @Test
    void aThrottledOrBrokenReceiverIsRetryableAClientErrorIsNot() {
        server.answer("/busy", 429, "text/plain", "slow down")
                .answer("/broken", 503, "text/plain", "maintenance")
                .answer("/gone", 404, "text/plain", "no such hook");
        ReactionResult busy = reaction(Map.of("url", server.url("/busy"))).run(failure, Duration.ofSeconds(5));
        ReactionResult broken = reaction(Map.of("url", server.url("/broken"))).run(failure, Duration.ofSeconds(5));
        ReactionResult gone = reaction(Map.of("url", server.url("/gone"))).run(failure, Duration.ofSeconds(5));
        assertThat(busy).isEqualTo(ReactionResult.retryable("HTTP 429 from " + server.url("/busy") + "\nslow down"));
        assertThat(broken)
                .isEqualTo(ReactionResult.retryable("HTTP 503 from " + server.url("/broken") + "\nmaintenance"));
        assertThat(gone).isEqualTo(ReactionResult.failed("HTTP 404 from " + server.url("/gone") + "\nno such hook"));
    }

    @Test
    void aRefusedConnectionOrNoAnswerInTimeIsRetryable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ReactionResult refused =
                reaction(Map.of("url", "http://127.0.0.1:" + closed + "/hook")).run(failure, Duration.ofSeconds(5));
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.output())
                .startsWith("could not POST to http://127.0.0.1:" + closed + "/hook: ConnectException");

        server.hang("/slow");
        ReactionResult slow = reaction(Map.of("url", server.url("/slow"))).run(failure, Duration.ofMillis(300));
        assertThat(slow)
                .isEqualTo(ReactionResult.retryable("no answer from " + server.url("/slow") + " within 300 ms"));
    }

    @Test
    void dryRunShowsTheExactRequestWithEveryTypedHeaderMaskedSinceTheHeadersAreSecret() {
        String dryRun = reaction(Map.of(
                        "url",
                        "https://hooks.example.com/in",
                        "headers",
                        "Authorization: Bearer t0ken\nX-Api-Key: abc123\nX-Team: sre",
                        "bodyTemplate",
                        "{\"m\": \"{{monitorName}}\"}"))
                .dryRun(failure)
                .orElseThrow();
        assertThat(dryRun).isEqualTo("""
                POST https://hooks.example.com/in
                Content-Type: application/json
                User-Agent: CloudRoutes-Webhook/1
                Authorization: Bearer ****
                X-Api-Key: ****
                X-Team: ****

                {"m": "checkout-api"}""");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void dryRunWithoutATemplateShowsTheDefaultBody() {
        String dryRun = reaction(Map.of("url", "https://hooks.example.com/in"))
                .dryRun(failure)
                .orElseThrow();
        assertThat(dryRun)
                .endsWith("\n\n{\"monitorId\":12,\"monitorName\":\"checkout-api\",\"from\":\"HEALTHY\","
                        + "\"to\":\"FAILED\",\"reason\":\"body said \\\"down\\\"\\nthen closed\",\"zone\":\"eu-west\","
                        + "\"at\":\"2023-11-14T22:13:20Z\",\"heldFor\":3}");
    }

    @Test
    void rejectsATemplateNamingAnUnknownVariableOrLeftOpen() {
        Map<String, String> unknown =
                new HashMap<>(Map.of("url", "https://x.example.com", "bodyTemplate", "{\n\"m\": \"{{monitor}}\"\n}"));
        assertThat(type.validate(unknown))
                .containsExactly(Map.entry(
                        "bodyTemplate",
                        "Body template: line 2: no variable 'monitor'; use one of monitorId, monitorName, from, to, reason,"
                                + " zone, at, heldFor, monitorUrl, isFailed, isHealthy"));
        Map<String, String> open = Map.of("url", "https://x.example.com", "bodyTemplate", "a\n{{#isFailed}}down");
        assertThat(type.validate(open)).containsOnlyKeys("bodyTemplate");
        assertThat(type.validate(open).get("bodyTemplate")).startsWith("Body template: line ");
        assertThat(type.validate(Map.of("url", "https://x.example.com", "method", "DELETE")))
                .containsEntry("method", "Method must be one of POST, PUT, PATCH");
        assertThat(type.validate(Map.of("url", "https://x.example.com", "contentType", "json")))
                .containsOnlyKeys("contentType");
    }
}
