package io.cloudroutes.crweb.webhook;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Receives Prometheus Alertmanager notifications (webhook payload version 4). The alerts firing for the monitor are
 * tracked by fingerprint across notifications, so the monitor stays FAILED while any of them fires and becomes
 * HEALTHY when the last one is resolved.
 */
@RestController
class AlertmanagerWebhookController {

    private final WebhookGate gate;
    private final ResultLog results;
    private final Clock clock = Clock.systemUTC();

    AlertmanagerWebhookController(WebhookGate gate, ResultLog results) {
        this.gate = gate;
        this.results = results;
    }

    @PostMapping("/api/v1/webhooks/alertmanager/{monitorId}")
    ResponseEntity<WebhookAnswer> receive(@PathVariable long monitorId, @RequestHeader HttpHeaders headers,
            @RequestBody(required = false) String body) {
        JsonBody payload = JsonBody.parse(body);
        gate.admit(monitorId, WebhookGate.secret(headers, null), "alertmanager", "Alertmanager webhook");
        String version = payload.text("version");
        if (!"4".equals(version)) {
            throw WebhookException.badPayload("version", "version must be \"4\", the Alertmanager webhook payload "
                    + "format; got " + (version == null ? "none" : "\"" + Texts.bounded(version, 20) + "\""));
        }
        List<ResultLog.AlertChange> changes = changes(payload.node().get("alerts"));
        long now = clock.millis();
        String id = "alertmanager:" + monitorId + ":" + UUID.randomUUID();
        CheckResult failed = new CheckResult(id, monitorId, Status.FAILED, "", 0, "webhook", "alertmanager", now);
        CheckResult healthy = new CheckResult(id, monitorId, Status.HEALTHY, "no alerts firing", 0, "webhook",
                "alertmanager", now);
        ResultLog.AlertsFolded folded = results.foldAlerts(monitorId, changes, failed, healthy);
        String reason = folded.status() == Status.FAILED ? folded.reason() : healthy.reason();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(WebhookAnswer.appended(folded.status().name(), id, reason));
    }

    private static List<ResultLog.AlertChange> changes(JsonNode alerts) {
        if (alerts == null || !alerts.isArray() || alerts.isEmpty()) {
            throw WebhookException.badPayload("alerts", "alerts must be a non-empty array of alerts");
        }
        List<ResultLog.AlertChange> changes = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            String path = "alerts[" + i + "]";
            JsonNode node = alerts.get(i);
            if (!node.isObject()) {
                throw WebhookException.badPayload(path, path + " must be an object");
            }
            JsonBody alert = JsonBody.of(node);
            String fingerprint = alert.requiredText("fingerprint", path + ".fingerprint",
                    " (Alertmanager 0.19 or later sends it)");
            String status = alert.requiredText("status", path + ".status", "");
            if (!status.equals("firing") && !status.equals("resolved")) {
                throw WebhookException.badPayload(path + ".status", path + ".status must be firing or resolved, got \""
                        + Texts.bounded(status, 40) + "\"");
            }
            changes.add(new ResultLog.AlertChange(Texts.bounded(fingerprint, 100), status.equals("firing"),
                    description(node)));
        }
        return changes;
    }

    /** "alertname: summary", bounded, for the reason of a FAILED result. */
    private static String description(JsonNode alert) {
        String name = text(alert.path("labels").path("alertname"));
        String summary = text(alert.path("annotations").path("summary"));
        String description = name.isBlank() ? "unnamed alert" : name;
        if (!summary.isBlank()) {
            description += ": " + summary;
        }
        return Texts.bounded(description, 160);
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : "";
    }
}
