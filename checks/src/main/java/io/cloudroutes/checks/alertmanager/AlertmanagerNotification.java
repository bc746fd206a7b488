package io.cloudroutes.checks.alertmanager;

import io.cloudroutes.checks.push.AlertChange;
import io.cloudroutes.checks.push.JsonPayload;
import io.cloudroutes.checks.push.PayloadException;
import io.cloudroutes.checks.push.PushDelivery;
import io.cloudroutes.checks.push.PushVerdict;
import io.cloudroutes.checks.push.SenderText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Reads Prometheus Alertmanager notifications (webhook payload version 4). The alerts firing for the monitor are
 * tracked by fingerprint across notifications, so the monitor stays FAILED while any of them fires and becomes
 * HEALTHY when the last one is resolved.
 *
 * <p>Only a notification whose shape cannot be read is refused (400): no {@code alerts} array, an alert that is not
 * an object or cannot be identified. What is merely unknown is accepted: an alert whose status is neither firing nor
 * resolved is left out (and said so), another payload version is read the same way, fields CloudRoutes does not use
 * are ignored, and an alert without a fingerprint (Alertmanager before 0.19) is identified by its labels.
 */
final class AlertmanagerNotification {

    /** The labels kept per alert to tell alerts of the same name apart, and how long each may be. */
    static final int MAX_LABELS = 20;

    private static final int MAX_LABEL_NAME = 40;
    private static final int MAX_LABEL_VALUE = 60;

    private AlertmanagerNotification() {}

    /** The alerts of a notification that were applied, and what was left out and why. */
    private record Changes(List<AlertChange> applied, List<String> leftOut) {}

    static PushVerdict read(PushDelivery delivery) {
        JsonPayload payload = delivery.payload();
        JsonNode groupStatus = payload.node().get("status");
        String notificationStatus = groupStatus != null && groupStatus.isString() ? groupStatus.stringValue() : null;
        Changes changes = changes(payload.node().get("alerts"), notificationStatus);
        delivery.reported(transition(notificationStatus, changes));
        List<String> notes = new ArrayList<>(changes.leftOut());
        JsonNode version = payload.node().get("version");
        if (version != null && !version.isNull() && !"4".equals(version.asString())) {
            notes.add("payload version " + SenderText.bounded(version.asString(), 20) + " read as version 4");
        }
        String note = String.join("; ", notes);
        if (changes.applied().isEmpty()) {
            return new PushVerdict.Unrecognized(
                    "no alert in the notification is firing or resolved, so nothing changed", note);
        }
        return new PushVerdict.FoldAlerts(changes.applied(), "no alerts firing", note);
    }

    private static Changes changes(JsonNode alerts, String notificationStatus) {
        if (alerts == null || !alerts.isArray()) {
            throw new PayloadException("alerts", "alerts must be an array of alerts, as Alertmanager sends");
        }
        List<AlertChange> applied = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            String path = "alerts[" + i + "]";
            JsonNode node = alerts.get(i);
            if (!node.isObject()) {
                throw new PayloadException(path, path + " must be an object");
            }
            JsonPayload alert = JsonPayload.of(node);
            String status = alert.text("status", path + ".status");
            if (status == null) {
                status = notificationStatus; // the notification's status stands for alerts that lack one
            }
            if (status == null) {
                throw new PayloadException(path + ".status", path + ".status is required (firing or resolved)");
            }
            Map<String, String> labels = labels(node.get("labels"));
            String fingerprint = alert.text("fingerprint", path + ".fingerprint");
            if (fingerprint == null || fingerprint.isBlank()) {
                if (labels.isEmpty()) {
                    throw new PayloadException(
                            path + ".fingerprint",
                            path + " has neither a fingerprint nor "
                                    + "labels, so it cannot be told from other alerts");
                }
                fingerprint = fingerprintOf(labels);
            }
            if (!status.equals("firing") && !status.equals("resolved")) {
                leftOut.add(path + " left out: status '" + SenderText.bounded(status, 40) + "' is neither firing nor "
                        + "resolved");
                continue;
            }
            applied.add(new AlertChange(
                    SenderText.bounded(fingerprint, 100),
                    status.equals("firing"),
                    SenderText.bounded(name(labels), 80),
                    SenderText.bounded(text(node.path("annotations").path("summary")), 160),
                    bounded(labels)));
        }
        return new Changes(applied, leftOut);
    }

    /** The alert's labels as text; labels that are not text (which Alertmanager never sends) are left out. */
    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> values = new TreeMap<>();
        if (labels != null && labels.isObject()) {
            for (String name : labels.propertyNames()) {
                JsonNode value = labels.get(name);
                if (value.isString()) {
                    values.put(name, value.stringValue());
                }
            }
        }
        return values;
    }

    /** The labels kept with a firing alert: alertname aside, at most {@link #MAX_LABELS}, instance and job first. */
    private static Map<String, String> bounded(Map<String, String> labels) {
        Map<String, String> kept = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (String preferred : List.of("instance", "job")) {
            if (labels.containsKey(preferred)) {
                names.add(preferred);
            }
        }
        labels.keySet().stream()
                .filter(n -> !n.equals("alertname") && !names.contains(n))
                .forEach(names::add);
        for (String name : names.subList(0, Math.min(names.size(), MAX_LABELS))) {
            kept.put(SenderText.bounded(name, MAX_LABEL_NAME), SenderText.bounded(labels.get(name), MAX_LABEL_VALUE));
        }
        return kept;
    }

    private static String name(Map<String, String> labels) {
        String name = labels.get("alertname");
        return name == null || name.isBlank() ? "unnamed alert" : name;
    }

    /** A stand-in for the fingerprint of an alert sent without one: the same labels give the same value. */
    private static String fingerprintOf(Map<String, String> labels) {
        StringBuilder identity = new StringBuilder();
        labels.forEach((name, value) ->
                identity.append(name).append('\u0000').append(value).append('\u0000'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return "labels:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** "firing: 2 firing, 1 resolved" for the delivery log. */
    private static String transition(String notificationStatus, Changes changes) {
        long firing = changes.applied().stream().filter(AlertChange::firing).count();
        long resolved = changes.applied().size() - firing;
        String counts = firing + " firing, " + resolved + " resolved"
                + (changes.leftOut().isEmpty() ? "" : ", " + changes.leftOut().size() + " left out");
        return (notificationStatus == null ? "" : SenderText.bounded(notificationStatus, 20) + ": ") + counts;
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : "";
    }
}
