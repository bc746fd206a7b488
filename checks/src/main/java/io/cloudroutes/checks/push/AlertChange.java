package io.cloudroutes.checks.push;

import java.util.Map;

/**
 * One alert of a notification that tracks alerts by fingerprint (Alertmanager): its name, summary and labels
 * (alertname aside) are kept while it fires, so that the reason can tell alerts of the same name apart by the labels
 * whose values differ.
 */
public record AlertChange(String fingerprint, boolean firing, String name, String summary, Map<String, String> labels) {

    public AlertChange {
        labels = Map.copyOf(labels);
    }
}
