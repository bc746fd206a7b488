package io.cloudroutes.crweb.webhook;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.crweb.push.DeliveryOutcome;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives a status from any program: a JSON POST {@code {"status":"failed"|"healthy","reason":"..."}}, or a GET
 * with the secret and status in the path for tools that can only call a URL. A status other than failed or healthy
 * is accepted and logged without changing anything, and fields CloudRoutes does not use are ignored (the answer names
 * them): only a body that cannot be read, or one without a status, is refused.
 */
@RestController
class GenericWebhookController {

    /** The check type of the monitors this endpoint takes, and the source of their results. */
    private static final String TYPE = "webhook";

    private static final Set<String> FIELDS = Set.of("status", "reason", "secret");
    static final int MAX_REASON = 1000;

    private final WebhookIntake intake;
    private final WebhookGate gate;
    private final ResultLog results;
    private final WebhookDeliveries deliveries;
    private final Clock clock = Clock.systemUTC();

    GenericWebhookController(WebhookIntake intake, WebhookGate gate, ResultLog results, WebhookDeliveries deliveries) {
        this.intake = intake;
        this.gate = gate;
        this.results = results;
        this.deliveries = deliveries;
    }

    @PostMapping("/api/v1/webhooks/generic/{monitorId}")
    ResponseEntity<WebhookAnswer> receive(@PathVariable long monitorId, HttpServletRequest request) throws IOException {
        WebhookIntake.Admitted delivery = intake.admit(request, monitorId, TYPE, WebhookIntake.SecretIn.HEADER_OR_BODY);
        JsonBody payload = delivery.body();
        Set<String> unknown = payload.unknownFields(FIELDS);
        String note = unknown.isEmpty()
                ? ""
                : "ignored fields CloudRoutes does not use: " + Texts.bounded(String.join(", ", unknown), 200)
                        + " (it reads status, reason and secret)";
        return append(
                delivery.attempt(),
                payload.requiredNonBlank("status", "status", " (failed or healthy)"),
                payload.text("reason"),
                note);
    }

    @GetMapping("/api/v1/webhooks/generic/{monitorId}/{secret}/{status}")
    ResponseEntity<WebhookAnswer> receiveByUrl(
            @PathVariable long monitorId,
            @PathVariable String secret,
            @PathVariable String status,
            @RequestParam(required = false) String reason,
            HttpServletRequest request) {
        DeliveryAttempt attempt = DeliveryAttempt.begin(request, monitorId);
        gate.admit(attempt, secret, TYPE, "in the URL: /api/v1/webhooks/generic/{monitorId}/{secret}/{status}");
        return append(attempt, status, reason, "");
    }

    private ResponseEntity<WebhookAnswer> append(DeliveryAttempt attempt, String reported, String reason, String note) {
        attempt.transition(Texts.bounded(reported, 40));
        Status status = switch (reported.strip().toLowerCase(Locale.ROOT)) {
            case "failed" -> Status.FAILED;
            case "healthy" -> Status.HEALTHY;
            default -> null;
        };
        if (status == null) {
            String why = "status '" + Texts.bounded(reported, 40) + "' is neither failed nor healthy, so nothing was "
                    + "recorded; the delivery is kept in the monitor's delivery log";
            deliveries.finish(attempt, DeliveryOutcome.UNRECOGNIZED, HttpStatus.OK, withNote(why, note));
            return ResponseEntity.ok(WebhookAnswer.unrecognized(why).noting(note));
        }
        String word = status == Status.FAILED ? "failed" : "healthy";
        String text = reason == null || reason.isBlank()
                ? "reported " + word + " by webhook"
                : Texts.bounded(reason, MAX_REASON);
        CheckResult result =
                CheckResult.pushed(TYPE, attempt.monitorId(), ResultIds.newDelivery(), status, text, clock.millis());
        results.append(result);
        deliveries.finish(attempt, DeliveryOutcome.ACCEPTED, HttpStatus.ACCEPTED, withNote(status + ": " + text, note));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(WebhookAnswer.appended(status.name(), result.resultId(), text)
                        .noting(note));
    }

    private static String withNote(String detail, String note) {
        return note.isEmpty() ? detail : detail + "; " + note;
    }
}
