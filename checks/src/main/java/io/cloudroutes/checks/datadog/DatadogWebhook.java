package io.cloudroutes.checks.datadog;

import io.cloudroutes.checks.push.JsonPayload;
import io.cloudroutes.checks.push.PayloadException;
import io.cloudroutes.checks.push.PushDelivery;
import io.cloudroutes.checks.push.PushVerdict;
import io.cloudroutes.checks.push.SenderText;

/**
 * Reads Datadog monitor notifications sent by the Datadog Webhooks integration with the payload template
 * {@link #PAYLOAD_TEMPLATE}. Each transition Datadog documents has a meaning ({@link DatadogTransitions}); one
 * CloudRoutes does not know is accepted and logged without changing the status, because Datadog does not retry a 4xx
 * and would show the webhook as failing. A delivery Datadog retries (same {@code $ID}) is recorded once.
 */
final class DatadogWebhook {

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

    static final int MAX_ID_LENGTH = 200;
    private static final String TEMPLATE_HINT = " in the Datadog payload template";

    private DatadogWebhook() {}

    static PushVerdict read(PushDelivery delivery) {
        JsonPayload payload = delivery.payload();
        String transition = payload.requiredText(
                "alert_transition",
                "alert_transition",
                "; put \"alert_transition\": \"$ALERT_TRANSITION\"" + TEMPLATE_HINT);
        delivery.reported(SenderText.bounded(transition, 60));
        String id = payload.requiredNonBlank("id", "id", "; put \"id\": \"$ID\"" + TEMPLATE_HINT);
        if (id.length() > MAX_ID_LENGTH) {
            throw new PayloadException("id", "id is longer than " + MAX_ID_LENGTH + " characters; send $ID");
        }
        String warnAs = delivery.settings().getOrDefault(DatadogCheckType.WARN_AS, "IGNORE");
        return switch (DatadogTransitions.of(transition, payload.text("alert_type"), warnAs)) {
            case DatadogTransitions.Unrecognized unknown ->
                new PushVerdict.Unrecognized(
                        "alert_transition '" + SenderText.bounded(transition, 60) + "' is not one CloudRoutes knows ("
                                + String.join(", ", DatadogTransitions.KNOWN) + "); the delivery is kept in the "
                                + "monitor's delivery log and did not change its status",
                        "");
            case DatadogTransitions.Ignore ignore -> new PushVerdict.Ignored(ignore.why());
            // Datadog's event id names the delivery: its retries are recorded once
            case DatadogTransitions.Record record ->
                new PushVerdict.Record(
                        record.status(),
                        reason(transition, payload.text("title"), payload.text("body"), payload.text("link")),
                        id,
                        "");
        };
    }

    /**
     * "Datadog Triggered: title - body (link)" in plain text (Datadog's Markdown removed), each part bounded so a
     * long event message cannot bloat state.
     */
    static String reason(String transition, String title, String body, String link) {
        StringBuilder reason = new StringBuilder("Datadog ").append(SenderText.bounded(transition, 60));
        String plainTitle = DatadogText.plain(title);
        String plainBody = DatadogText.plain(body);
        if (!plainTitle.isEmpty()) {
            reason.append(": ").append(SenderText.bounded(plainTitle, 200));
        }
        if (!plainBody.isEmpty()) {
            reason.append(" - ").append(SenderText.bounded(plainBody, 500));
        }
        if (link != null && !link.isBlank()) {
            reason.append(" (").append(SenderText.bounded(link, 300)).append(')');
        }
        return reason.toString();
    }
}
