package io.cloudroutes.crweb.webhook;

import io.cloudroutes.checks.datadog.DatadogCheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.store.monitor.Monitor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Datadog monitor notifications sent by the Datadog Webhooks integration with this payload template:
 * <pre>{"id":"$ID","alert_transition":"$ALERT_TRANSITION","title":"$EVENT_TITLE","body":"$EVENT_MSG","link":"$LINK"}</pre>
 * Each transition becomes one result; a delivery Datadog retries (same {@code $ID}) is appended once.
 */
@RestController
class DatadogWebhookController {

    /** What each alert transition means; Warn and Warn Recovered depend on the monitor's warnAs setting. */
    private static final Map<String, Status> TRANSITIONS = new LinkedHashMap<>();

    static {
        TRANSITIONS.put("Triggered", Status.FAILED);
        TRANSITIONS.put("Re-Triggered", Status.FAILED);
        TRANSITIONS.put("No Data", Status.FAILED);
        TRANSITIONS.put("Recovered", Status.HEALTHY);
        TRANSITIONS.put("Warn", null);
        TRANSITIONS.put("Warn Recovered", null);
    }

    static final int MAX_ID_LENGTH = 200;

    private final WebhookGate gate;
    private final ResultLog results;
    private final Clock clock = Clock.systemUTC();

    DatadogWebhookController(WebhookGate gate, ResultLog results) {
        this.gate = gate;
        this.results = results;
    }

    @PostMapping("/api/v1/webhooks/datadog/{monitorId}")
    ResponseEntity<WebhookAnswer> receive(@PathVariable long monitorId, @RequestHeader HttpHeaders headers,
            @RequestBody(required = false) String body) {
        JsonBody payload = JsonBody.parse(body);
        Monitor monitor = gate.admit(monitorId, WebhookGate.secret(headers, payload.text("secret")), "datadog",
                "Datadog webhook");
        String id = payload.requiredText("id", "id", "; put \"id\": \"$ID\" in the Datadog payload template");
        if (id.length() > MAX_ID_LENGTH) {
            throw WebhookException.badPayload("id", "id is longer than " + MAX_ID_LENGTH + " characters; send $ID");
        }
        String transition = payload.requiredText("alert_transition", "alert_transition",
                "; put \"alert_transition\": \"$ALERT_TRANSITION\" in the Datadog payload template");
        if (!TRANSITIONS.containsKey(transition)) {
            throw WebhookException.badPayload("alert_transition", "alert_transition '" + Texts.bounded(transition, 60)
                    + "' is not one of " + String.join(", ", TRANSITIONS.keySet()));
        }
        Status status = TRANSITIONS.get(transition);
        if (status == null) {
            String warnAs = monitor.getSettings().getOrDefault(DatadogCheckType.WARN_AS, "IGNORE");
            if (warnAs.equals("IGNORE")) {
                return ResponseEntity.ok(WebhookAnswer.ignored(transition + " is ignored: this monitor's setting "
                        + "warnAs is IGNORE, so a Datadog warning never changes its status; nothing was recorded"));
            }
            status = transition.equals("Warn Recovered") ? Status.HEALTHY : Status.valueOf(warnAs);
        }
        String reason = reason(transition, payload.text("title"), payload.text("body"), payload.text("link"));
        CheckResult result = new CheckResult("datadog:" + monitorId + ":" + id, monitorId, status, reason, 0,
                "webhook", "datadog", clock.millis());
        if (!results.appendOnce(id, result)) {
            return ResponseEntity.ok(WebhookAnswer.duplicate("delivery " + id + " was recorded before; "
                    + "nothing was recorded again"));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(WebhookAnswer.appended(status.name(), result.resultId(), reason));
    }

    /** "Datadog Triggered: title - body (link)", each part bounded so a long event message cannot bloat state. */
    static String reason(String transition, String title, String body, String link) {
        StringBuilder reason = new StringBuilder("Datadog ").append(transition);
        if (title != null && !title.isBlank()) {
            reason.append(": ").append(Texts.bounded(title, 200));
        }
        if (body != null && !body.isBlank()) {
            reason.append(" - ").append(Texts.bounded(body, 500));
        }
        if (link != null && !link.isBlank()) {
            reason.append(" (").append(Texts.bounded(link, 300)).append(')');
        }
        return reason.toString();
    }
}
