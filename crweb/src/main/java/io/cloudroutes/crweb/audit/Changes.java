package io.cloudroutes.crweb.audit;

import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a change changed, for the audit log: the names of the fields whose value differs, never the values (a setting
 * may be a secret, and the log is read by people who may not see it). A secret entered again counts as changed.
 */
public final class Changes {

    private Changes() {}

    /** A monitor's fields as the audit log compares them. */
    public static Map<String, String> of(Monitor monitor) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", monitor.getName());
        fields.put("intervalSeconds", String.valueOf(monitor.getIntervalSeconds()));
        fields.put("timeoutSeconds", String.valueOf(monitor.getTimeoutSeconds()));
        fields.put("failThreshold", String.valueOf(monitor.getFailThreshold()));
        fields.put("recoverThreshold", String.valueOf(monitor.getRecoverThreshold()));
        fields.put("enabled", String.valueOf(monitor.isEnabled()));
        fields.put("zones", monitor.getZones());
        fields.put("quorum", String.valueOf(monitor.getQuorum()));
        fields.put("tags", String.join(",", monitor.getTags()));
        fields.put(
                "reactions",
                String.valueOf(new TreeSet<>(monitor.getReactions().stream()
                        .map(ReactionConfig::getId)
                        .toList())));
        fields.put("dependsOn", String.valueOf(new TreeSet<>(monitor.getDependsOn())));
        monitor.getSettings().forEach((name, value) -> fields.put("settings." + name, value));
        return fields;
    }

    /** A reaction's fields as the audit log compares them. */
    public static Map<String, String> of(ReactionConfig reaction) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", reaction.getName());
        fields.put("callOn", String.valueOf(reaction.getCallOn()));
        fields.put("trigger", String.valueOf(reaction.getTriggerCount()));
        fields.put("frequencySeconds", String.valueOf(reaction.getFrequencySeconds()));
        fields.put("timeoutSeconds", String.valueOf(reaction.getTimeoutSeconds()));
        fields.put("maxAttempts", String.valueOf(reaction.getMaxAttempts()));
        fields.put("escalationStep", String.valueOf(reaction.getEscalationStep()));
        fields.put("escalationWaitSeconds", String.valueOf(reaction.getEscalationWaitSeconds()));
        fields.put("disruptive", String.valueOf(reaction.getDisruptive()));
        fields.put("verifyWithinSeconds", String.valueOf(reaction.getVerifyWithinSeconds()));
        reaction.getSettings().forEach((name, value) -> fields.put("settings." + name, value));
        return fields;
    }

    /** "changed: name, settings.url", or "nothing changed". */
    public static String between(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        for (String name : new TreeSet<>(union(before, after))) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                changed.add(name);
            }
        }
        return changed.isEmpty() ? "nothing changed" : "changed: " + String.join(", ", changed);
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> all = new ArrayList<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }
}
