package io.cloudroutes.crweb.webhook;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives a status from any program: a JSON POST {@code {"status":"failed"|"healthy","reason":"..."}}, or a GET
 * with the secret and status in the path for tools that can only call a URL.
 */
@RestController
class GenericWebhookController {

    private static final Set<String> FIELDS = Set.of("status", "reason", "secret");
    static final int MAX_REASON = 1000;

    private final WebhookGate gate;
    private final ResultLog results;
    private final Clock clock = Clock.systemUTC();

    GenericWebhookController(WebhookGate gate, ResultLog results) {
        this.gate = gate;
        this.results = results;
    }

    @PostMapping("/api/v1/webhooks/generic/{monitorId}")
    ResponseEntity<WebhookAnswer> receive(@PathVariable long monitorId, @RequestHeader HttpHeaders headers,
            @RequestBody(required = false) String body) {
        JsonBody payload = JsonBody.parse(body);
        String secret = WebhookGate.secret(headers, payload.text("secret"));
        gate.admit(monitorId, secret, "webhook", "generic webhook");
        payload.onlyFields(FIELDS, "status, reason, secret");
        return append(monitorId, payload.requiredText("status", "status", " (failed or healthy)"),
                payload.text("reason"));
    }

    @GetMapping("/api/v1/webhooks/generic/{monitorId}/{secret}/{status}")
    ResponseEntity<WebhookAnswer> receiveByUrl(@PathVariable long monitorId, @PathVariable String secret,
            @PathVariable String status, @RequestParam(required = false) String reason) {
        gate.admit(monitorId, secret, "webhook", "generic webhook");
        return append(monitorId, status, reason);
    }

    private ResponseEntity<WebhookAnswer> append(long monitorId, String reported, String reason) {
        Status status = switch (reported) {
            case "failed" -> Status.FAILED;
            case "healthy" -> Status.HEALTHY;
            default -> throw WebhookException.badPayload("status", "status must be failed or healthy, got \""
                    + Texts.bounded(reported, 40) + "\"");
        };
        String text = reason == null || reason.isBlank() ? "reported " + reported + " by webhook"
                : Texts.bounded(reason, MAX_REASON);
        CheckResult result = new CheckResult("webhook:" + monitorId + ":" + UUID.randomUUID(), monitorId, status, text,
                0, "webhook", "webhook", clock.millis());
        results.append(result);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(WebhookAnswer.appended(status.name(),
                result.resultId(), text));
    }
}
