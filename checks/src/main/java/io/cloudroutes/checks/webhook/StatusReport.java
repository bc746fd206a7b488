package io.cloudroutes.checks.webhook;

import io.cloudroutes.checks.push.PushDelivery;
import io.cloudroutes.checks.push.PushVerdict;
import io.cloudroutes.checks.push.SenderText;
import io.cloudroutes.core.Status;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a status from any program: a JSON POST {@code {"status":"failed"|"healthy","reason":"..."}}, or a GET with the
 * secret and status in the path for tools that can only call a URL. A status other than failed or healthy is accepted
 * and logged without changing anything, and fields CloudRoutes does not use are ignored (the answer names them): only
 * a body that cannot be read, or one without a status, is refused.
 */
final class StatusReport {

    private static final Set<String> FIELDS = Set.of("status", "reason", "secret");
    static final int MAX_REASON = 1000;

    private StatusReport() {}

    static PushVerdict fromBody(PushDelivery delivery) {
        Set<String> unknown = delivery.payload().unknownFields(FIELDS);
        String note = unknown.isEmpty()
                ? ""
                : "ignored fields CloudRoutes does not use: " + SenderText.bounded(String.join(", ", unknown), 200)
                        + " (it reads status, reason and secret)";
        return read(
                delivery,
                delivery.payload().requiredNonBlank("status", "status", " (failed or healthy)"),
                delivery.payload().text("reason"),
                note);
    }

    static PushVerdict fromUrl(PushDelivery delivery) {
        return read(delivery, delivery.pathValue(), delivery.query("reason"), "");
    }

    private static PushVerdict read(PushDelivery delivery, String reported, String reason, String note) {
        delivery.reported(SenderText.bounded(reported, 40));
        Status status = switch (reported.strip().toLowerCase(Locale.ROOT)) {
            case "failed" -> Status.FAILED;
            case "healthy" -> Status.HEALTHY;
            default -> null;
        };
        if (status == null) {
            return new PushVerdict.Unrecognized(
                    "status '" + SenderText.bounded(reported, 40) + "' is neither failed nor healthy, so nothing was "
                            + "recorded; the delivery is kept in the monitor's delivery log",
                    note);
        }
        String word = status == Status.FAILED ? "failed" : "healthy";
        String text = reason == null || reason.isBlank()
                ? "reported " + word + " by webhook"
                : SenderText.bounded(reason, MAX_REASON);
        return new PushVerdict.Record(status, text, null, note);
    }
}
