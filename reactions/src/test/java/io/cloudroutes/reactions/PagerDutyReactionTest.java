package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.pagerduty.PagerDutyReactionType;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagerDutyReactionTest {

    private static final String KEY = "R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y12";
    private static final String ACCEPTED =
            "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"cloudroutes-monitor-12\"}";

    private final PagerDutyReactionType type = new PagerDutyReactionType();
    private final StatusChanged failure = new StatusChanged(
            12,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "expected status 200-299 but got 503",
            "eu-west",
            1_700_000_000_000L,
            1);
    private final StatusChanged recovery = new StatusChanged(
            12, "checkout-api", Status.FAILED, Status.HEALTHY, "HTTP 200 in 12 ms", "eu-west", 1_700_000_060_000L, 1);
    private final RecordingServer pagerDuty = new RecordingServer();

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    private Reaction reaction(String path, String... more) {
        Map<String, String> settings = new HashMap<>(Map.of("routingKey", KEY, "eventsUrl", pagerDuty.url(path)));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    private static String trigger(String routingKey, String severity) {
        return "{\"routing_key\":\"" + routingKey
                + "\",\"event_action\":\"trigger\",\"dedup_key\":\"cloudroutes-monitor-12\","
                + "\"payload\":{\"summary\":\"checkout-api is FAILED: expected status 200-299 but got 503\","
                + "\"source\":\"checkout-api\",\"severity\":\"" + severity
                + "\",\"timestamp\":\"2023-11-14T22:13:20Z\","
                + "\"custom_details\":{\"reason\":\"expected status 200-299 but got 503\",\"zone\":\"eu-west\","
                + "\"link\":\"https://cloudroutes.example.com/monitors/12\"}},"
                + "\"links\":[{\"href\":\"https://cloudroutes.example.com/monitors/12\",\"text\":\"Monitor in CloudRoutes\"}],"
                + "\"client\":\"CloudRoutes\",\"client_url\":\"https://cloudroutes.example.com/monitors/12\"}";
    }

    @Test
    void triggersOnFailureAndResolvesTheSameIncidentOnRecovery() {
        pagerDuty.answer("/v2/enqueue", 202, "application/json", ACCEPTED);
        Reaction reaction = reaction("/v2/enqueue", "severity", "warning");
        assertThat(type.restoresOnRecovery()).isTrue();

        assertThat(reaction.run(failure, Duration.ofSeconds(5)))
                .isEqualTo(
                        ReactionResult.executed(
                                "PagerDuty accepted the trigger of cloudroutes-monitor-12 (severity warning): HTTP 202 Event processed"));
        assertThat(reaction.run(failure, Duration.ofSeconds(5)).outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(reaction.run(recovery, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.executed(
                        "PagerDuty accepted the resolve of cloudroutes-monitor-12: HTTP 202 Event processed"));

        assertThat(pagerDuty.received())
                .extracting(RecordingServer.Received::body)
                .containsExactly(
                        trigger(KEY, "warning"),
                        trigger(KEY, "warning"),
                        "{\"routing_key\":\"" + KEY
                                + "\",\"event_action\":\"resolve\",\"dedup_key\":\"cloudroutes-monitor-12\"}");
        RecordingServer.Received first = pagerDuty.received().get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.pathAndQuery()).isEqualTo("/v2/enqueue");
        assertThat(first.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void anInvalidEventIsAFinalFailureWithPagerDutysErrors() {
        pagerDuty.answer(
                "/v2/enqueue",
                400,
                "application/json",
                "{\"status\":\"invalid event\","
                        + "\"message\":\"Event object is invalid\",\"errors\":[\"'routing_key' is invalid\"]}");
        assertThat(reaction("/v2/enqueue").run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.failed(
                        "PagerDuty rejected the trigger of cloudroutes-monitor-12: HTTP 400 invalid event: Event object is invalid"
                                + " ('routing_key' is invalid)"));
    }

    @Test
    void throttlingServerErrorsRefusalsAndTimeoutsAreRetryable() throws IOException {
        pagerDuty
                .answer(
                        "/busy",
                        429,
                        "application/json",
                        "{\"status\":\"throttle event\",\"message\":\"Requests for this service are arriving too quickly.\"}")
                .answer("/down", 502, "text/html", "<html>Bad Gateway</html>")
                .hang("/slow");
        assertThat(reaction("/busy").run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.retryable(
                        "PagerDuty is throttling events for this integration (HTTP 429); the trigger of cloudroutes-monitor-12"
                                + " will be tried again"));
        assertThat(reaction("/down").run(recovery, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.retryable(
                        "unexpected answer to the resolve of cloudroutes-monitor-12: HTTP 502 from "
                                + pagerDuty.url("/down") + "\n<html>Bad Gateway</html>"));
        assertThat(reaction("/slow").run(failure, Duration.ofMillis(300)))
                .isEqualTo(ReactionResult.retryable("no answer from " + pagerDuty.url("/slow") + " within 300 ms"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> settings =
                Map.of("routingKey", KEY, "eventsUrl", "http://127.0.0.1:" + closed + "/v2/enqueue");
        ReactionResult refused = type.create(
                        Settings.withDefaults(type.settings(), settings), TestServices.withMail(null))
                .run(failure, Duration.ofSeconds(5));
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.output()).startsWith("could not POST to http://127.0.0.1:" + closed + "/v2/enqueue: ");
    }

    @Test
    void aWrongEndpointIsAFinalFailure() {
        pagerDuty.answer("/v2/wrong", 404, "text/plain", "not found");
        assertThat(reaction("/v2/wrong").run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.failed(
                        "unexpected answer to the trigger of cloudroutes-monitor-12: HTTP 404 from "
                                + pagerDuty.url("/v2/wrong") + "\nnot found"));
    }

    @Test
    void dryRunShowsTheEventWithTheIntegrationKeyMasked() {
        Map<String, String> settings = Map.of("routingKey", KEY);
        Reaction reaction = type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
        assertThat(reaction.dryRun(failure)).contains("""
                POST https://events.pagerduty.com/v2/enqueue
                Content-Type: application/json
                User-Agent: CloudRoutes-PagerDuty/1

                """ + trigger("****", "critical"));
        assertThat(reaction.dryRun(recovery).orElseThrow())
                .endsWith("\n\n{\"routing_key\":\"****\","
                        + "\"event_action\":\"resolve\",\"dedup_key\":\"cloudroutes-monitor-12\"}");
        assertThat(pagerDuty.received()).isEmpty();
    }

    @Test
    void rejectsAMissingOrMalformedKeyAnUnknownSeverityAndABadUrl() {
        assertThat(type.validate(Map.of())).containsEntry("routingKey", "Integration key is required");
        assertThat(type.validate(Map.of("routingKey", "abc"))).containsOnlyKeys("routingKey");
        assertThat(type.validate(Map.of("routingKey", KEY, "severity", "fatal")))
                .containsExactly(Map.entry("severity", "Severity must be one of critical, error, warning, info"));
        assertThat(type.validate(Map.of("routingKey", KEY, "eventsUrl", "events.pagerduty.com")))
                .containsOnlyKeys("eventsUrl");
    }
}
