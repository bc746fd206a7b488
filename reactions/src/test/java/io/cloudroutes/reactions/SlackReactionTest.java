package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.slack.SlackReactionType;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackReactionTest {

    private static final String HOOK = "/services/T000/B000/XXXXsecret";

    private final SlackReactionType type = new SlackReactionType();
    private final StatusChanged failure = new StatusChanged(
            12,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "body had <b>Error</b> & \"stack\"",
            "eu-west",
            1_700_000_000_000L,
            1);
    private final StatusChanged recovery = new StatusChanged(
            12, "checkout-api", Status.FAILED, Status.HEALTHY, "HTTP 200 in 12 ms", "eu-west", 1_700_000_060_000L, 1);
    private final RecordingServer slack = new RecordingServer();

    @AfterEach
    void stop() {
        slack.close();
    }

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), TestServices.withMail(null));
    }

    private Reaction hook(String path) {
        return reaction(Map.of("webhookUrl", slack.url(path)));
    }

    @Test
    void postsTheDefaultMessageWithSlackControlCharactersEscaped() {
        slack.answer(HOOK, 200, "text/html", "ok");
        ReactionResult result = hook(HOOK).run(failure, Duration.ofSeconds(5));
        String body =
                "{\"text\":\":red_circle: *checkout-api* is FAILED (was HEALTHY): body had &lt;b&gt;Error&lt;/b&gt;"
                        + " &amp; \\\"stack\\\"\\n<https://cloudroutes.example.com/monitors/12|Open in CloudRoutes>\"}";
        assertThat(result).isEqualTo(ReactionResult.executed("Slack accepted the message (HTTP 200 ok)\n" + body));
        RecordingServer.Received request = slack.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo(HOOK);
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.body()).isEqualTo(body);
    }

    @Test
    void recoveryUsesTheGreenCircleAndAUserTemplate() {
        slack.answer(HOOK, 200, "text/html", "ok");
        hook(HOOK).run(recovery, Duration.ofSeconds(5));
        reaction(Map.of("webhookUrl", slack.url(HOOK), "template", "{{monitorName}} back at {{at}} ({{zone}})"))
                .run(recovery, Duration.ofSeconds(5));
        assertThat(slack.received())
                .extracting(RecordingServer.Received::body)
                .containsExactly(
                        "{\"text\":\":large_green_circle: *checkout-api* is HEALTHY (was FAILED): HTTP 200 in 12 ms\\n"
                                + "<https://cloudroutes.example.com/monitors/12|Open in CloudRoutes>\"}",
                        "{\"text\":\"checkout-api back at 2023-11-14T22:14:20Z (eu-west)\"}");
    }

    @Test
    void explainsSlacksErrorsWithoutShowingTheWebhookPath() {
        slack.answer("/services/gone", 404, "text/html", "no_service")
                .answer("/services/archived", 410, "text/html", "channel_is_archived")
                .answer("/services/bad", 400, "text/html", "invalid_payload");
        String shown = slack.url("/****");
        assertThat(hook("/services/gone").run(failure, Duration.ofSeconds(5)))
                .isEqualTo(
                        ReactionResult.failed(
                                "Slack answered HTTP 404 from " + shown
                                        + ": no_service (the webhook is disabled, removed or mistyped; create a new incoming webhook)"));
        assertThat(hook("/services/archived").run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.failed("Slack answered HTTP 410 from " + shown
                        + ": channel_is_archived (the webhook's channel is archived; unarchive it or create a new"
                        + " incoming webhook)"));
        assertThat(hook("/services/bad").run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.failed("Slack answered HTTP 400 from " + shown
                        + ": invalid_payload (Slack could not read the message;" + " check the template)"));
    }

    @Test
    void rateLimitsServerErrorsRefusalsAndTimeoutsAreRetryable() throws IOException {
        slack.answer("/services/busy", 429, "text/html", "rate_limited")
                .answer("/services/down", 500, "text/html", "rollup_error")
                .hang("/services/slow");
        ReactionResult busy = hook("/services/busy").run(failure, Duration.ofSeconds(5));
        assertThat(busy)
                .isEqualTo(ReactionResult.retryable(
                        "Slack answered HTTP 429 from " + slack.url("/****") + ": rate_limited"));
        assertThat(hook("/services/down").run(failure, Duration.ofSeconds(5)))
                .isEqualTo(ReactionResult.retryable(
                        "Slack answered HTTP 500 from " + slack.url("/****") + ": rollup_error"));
        assertThat(hook("/services/slow").run(failure, Duration.ofMillis(300)))
                .isEqualTo(ReactionResult.retryable("no answer from " + slack.url("/****") + " within 300 ms"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ReactionResult refused = reaction(Map.of("webhookUrl", "http://127.0.0.1:" + closed + HOOK))
                .run(failure, Duration.ofSeconds(5));
        assertThat(refused.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.output())
                .startsWith("could not POST to http://127.0.0.1:" + closed + "/****: ")
                .doesNotContain("secret");
    }

    @Test
    void dryRunShowsTheRequestWithTheWebhookPathMasked() {
        String dryRun = reaction(
                        Map.of("webhookUrl", "https://hooks.slack.com" + HOOK, "template", "{{monitorName}} is {{to}}"))
                .dryRun(failure)
                .orElseThrow();
        assertThat(dryRun).isEqualTo("""
                POST https://hooks.slack.com/****
                Content-Type: application/json; charset=utf-8
                User-Agent: CloudRoutes-Slack/1

                {"text":"checkout-api is FAILED"}""");
        assertThat(slack.received()).isEmpty();
    }

    @Test
    void rejectsAMissingOrBadUrlAndABadTemplate() {
        assertThat(type.validate(Map.of())).containsEntry("webhookUrl", "Webhook URL is required");
        assertThat(type.validate(Map.of("webhookUrl", "hooks.slack.com/services/x")))
                .containsOnlyKeys("webhookUrl");
        assertThat(type.validate(Map.of(
                        "webhookUrl",
                        "https://hooks.slack.com/services/x",
                        "template",
                        "{{monitorName}} is\n{{/isFailed}}")))
                .containsOnlyKeys("template")
                .hasEntrySatisfying("template", error -> assertThat(error).startsWith("Message template: line 2: "));
        assertThat(type.settings())
                .filteredOn(s -> s.name().equals("webhookUrl"))
                .singleElement()
                .satisfies(s -> assertThat(s.secret()).isTrue());
    }
}
