package io.cloudroutes.crweb.webhook;

import io.cloudroutes.checks.datadog.DatadogCheckType;
import io.cloudroutes.checks.datadog.DatadogTransitions;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.crweb.push.DeliveryOutcome;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Datadog monitor notifications sent by the Datadog Webhooks integration with the payload template
 * {@link #PAYLOAD_TEMPLATE}. Each transition Datadog documents has a meaning ({@link DatadogTransitions}); one
 * CloudRoutes does not know is accepted and logged without changing the status, because Datadog does not retry a 4xx
 * and would show the webhook as failing. A delivery Datadog retries (same {@code $ID}) is appended once.
 */
@RestController
class DatadogWebhookController {

    /** The payload to paste into Datadog's webhook: what this endpoint reads, with Datadog's variables. */
    static final String PAYLOAD_TEMPLATE = """
            {
              "id": "$ID",
              "alert_transition": "$ALERT_TRANSITION",
              "alert_type": "$ALERT_TYPE",
              "title": "$EVENT_TITLE",
              "body": "$EVENT_MSG",
              "link": "$LINK"
            }""";

    /** The check type of the monitors this endpoint takes, and the source of their results. */
    private static final String TYPE = "datadog";

    static final int MAX_ID_LENGTH = 200;
    private static final String TEMPLATE_HINT = " in the Datadog payload template";

    private final WebhookIntake intake;
    private final ResultLog results;
    private final WebhookDeliveries deliveries;
    private final Clock clock = Clock.systemUTC();

    DatadogWebhookController(WebhookIntake intake, ResultLog results, WebhookDeliveries deliveries) {
        this.intake = intake;
        this.results = results;
        this.deliveries = deliveries;
    }

    @PostMapping("/api/v1/webhooks/datadog/{monitorId}")
    ResponseEntity<WebhookAnswer> receive(@PathVariable long monitorId, HttpServletRequest request) throws IOException {
        WebhookIntake.Admitted delivery = intake.admit(request, monitorId, TYPE, WebhookIntake.SecretIn.HEADER_OR_BODY);
        JsonBody payload = delivery.body();
        DeliveryAttempt attempt = delivery.attempt();
        String transition = payload.requiredText(
                "alert_transition",
                "alert_transition",
                "; put \"alert_transition\": \"$ALERT_TRANSITION\"" + TEMPLATE_HINT);
        attempt.transition(Texts.bounded(transition, 60));
        String id = payload.requiredNonBlank("id", "id", "; put \"id\": \"$ID\"" + TEMPLATE_HINT);
        if (id.length() > MAX_ID_LENGTH) {
            throw WebhookException.badPayload("id", "id is longer than " + MAX_ID_LENGTH + " characters; send $ID");
        }
        String warnAs = delivery.monitor().getSettings().getOrDefault(DatadogCheckType.WARN_AS, "IGNORE");
        return switch (DatadogTransitions.of(transition, payload.text("alert_type"), warnAs)) {
            case DatadogTransitions.Unrecognized unknown -> {
                String why = "alert_transition '" + Texts.bounded(transition, 60) + "' is not one CloudRoutes knows ("
                        + String.join(", ", DatadogTransitions.KNOWN) + "); the delivery is kept in the monitor's "
                        + "delivery log and did not change its status";
                deliveries.finish(attempt, DeliveryOutcome.UNRECOGNIZED, HttpStatus.OK, why);
                yield ResponseEntity.ok(WebhookAnswer.unrecognized(why));
            }
            case DatadogTransitions.Ignore ignore -> {
                deliveries.finish(attempt, DeliveryOutcome.IGNORED, HttpStatus.OK, ignore.why());
                yield ResponseEntity.ok(WebhookAnswer.ignored(ignore.why() + "; nothing was recorded"));
            }
            case DatadogTransitions.Record record ->
                append(monitorId, id, transition, record.status(), payload, attempt);
        };
    }

    private ResponseEntity<WebhookAnswer> append(
            long monitorId, String id, String transition, Status status, JsonBody payload, DeliveryAttempt attempt) {
        String reason = reason(transition, payload.text("title"), payload.text("body"), payload.text("link"));
        // Datadog's event id names the delivery: its retries are recorded once
        CheckResult result = CheckResult.pushed(TYPE, monitorId, id, status, reason, clock.millis());
        if (!results.appendOnce(id, result)) {
            String why = "delivery " + id + " was recorded before; nothing was recorded again";
            deliveries.finish(attempt, DeliveryOutcome.DUPLICATE, HttpStatus.OK, why);
            return ResponseEntity.ok(WebhookAnswer.duplicate(why));
        }
        deliveries.finish(attempt, DeliveryOutcome.ACCEPTED, HttpStatus.ACCEPTED, status + ": " + reason);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(WebhookAnswer.appended(status.name(), result.resultId(), reason));
    }

    /**
     * "Datadog Triggered: title - body (link)" in plain text (Datadog's Markdown removed), each part bounded so a
     * long event message cannot bloat state.
     */
    static String reason(String transition, String title, String body, String link) {
        StringBuilder reason = new StringBuilder("Datadog ").append(Texts.bounded(transition, 60));
        String plainTitle = DatadogText.plain(title);
        String plainBody = DatadogText.plain(body);
        if (!plainTitle.isEmpty()) {
            reason.append(": ").append(Texts.bounded(plainTitle, 200));
        }
        if (!plainBody.isEmpty()) {
            reason.append(" - ").append(Texts.bounded(plainBody, 500));
        }
        if (link != null && !link.isBlank()) {
            reason.append(" (").append(Texts.bounded(link, 300)).append(')');
        }
        return reason.toString();
    }
}
