package io.cloudroutes.crweb.monitor;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A monitor as a user asks for it, through the form or the API: the common fields, the check type's settings, and the
 * reactions to attach, the monitors it depends on ({@code dependsOn}, see {@link MonitorDependencies}).
 * {@link MonitorService} checks it against the type and the operator's limits and saves it; the
 * constraints here are the checks that need neither. {@code zones} are as typed, comma-separated;
 * {@code clearSecrets} are stored secret settings to remove (a blank secret keeps the stored value).
 */
public record MonitorDraft(
        @NotBlank(message = "give the monitor a name")
        @Size(max = Limits.Name.MAX_LENGTH, message = Limits.Name.MESSAGE)
        String name,

        @Size(max = Limits.TypeId.MAX_LENGTH, message = Limits.TypeId.CHECK_MESSAGE)
        String checkType,

        @NotNull(message = "enter an interval in seconds") Integer intervalSeconds,

        @NotNull(message = "enter a timeout in seconds")
        @Min(value = Limits.CheckTimeoutSeconds.MIN, message = Limits.CheckTimeoutSeconds.MESSAGE)
        @Max(value = Limits.CheckTimeoutSeconds.MAX, message = Limits.CheckTimeoutSeconds.MESSAGE)
        Integer timeoutSeconds,

        @NotNull(message = "enter how many failures in a row make the monitor FAILED")
        @Min(value = Limits.FailThreshold.MIN, message = Limits.FailThreshold.MESSAGE)
        @Max(value = Limits.FailThreshold.MAX, message = Limits.FailThreshold.MESSAGE)
        Integer failThreshold,

        @NotNull(message = "enter how many successes in a row make the monitor HEALTHY again")
        @Min(value = Limits.RecoverThreshold.MIN, message = Limits.RecoverThreshold.MESSAGE)
        @Max(value = Limits.RecoverThreshold.MAX, message = Limits.RecoverThreshold.MESSAGE)
        Integer recoverThreshold,

        boolean enabled,

        @Size(max = Limits.Zones.MAX_TYPED_LENGTH, message = Limits.Zones.TYPED_MESSAGE)
        String zones,

        @NotNull(message = "choose how the zones' statuses combine")
        Quorum quorum,

        Map<String, String> settings,
        List<String> clearSecrets,

        @Size(max = Limits.AttachedReactions.MOST, message = Limits.AttachedReactions.MESSAGE)
        List<Long> reactionIds,

        @Size(max = Limits.Dependencies.MOST, message = Limits.Dependencies.MESSAGE)
        List<Long> dependsOn,
        /** Normalised ({@link MonitorTags}); checked against {@link Limits.Tags} by the service. */
        List<String> tags) {

    /** A new monitor of the type named, with the defaults the form starts from. */
    public static MonitorDraft forType(String checkType) {
        return startingAt(checkType, Monitor.DEFAULT_FAIL_THRESHOLD, MonitorDefinition.DEFAULT_ZONE);
    }

    /**
     * A new monitor of the type, checked from {@code zone}; a pushed type starts at failure threshold 1, since its
     * sender already decided.
     */
    public static MonitorDraft forType(CheckType type, String zone) {
        return startingAt(type.id(), type.pushed() ? 1 : Monitor.DEFAULT_FAIL_THRESHOLD, zone);
    }

    private static MonitorDraft startingAt(String checkType, int failThreshold, String zones) {
        return new MonitorDraft(
                "",
                checkType,
                60,
                10,
                failThreshold,
                Monitor.DEFAULT_RECOVER_THRESHOLD,
                true,
                zones,
                Quorum.MAJORITY,
                new LinkedHashMap<>(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    }

    /** The stored monitor as a draft; {@code visibleSettings} leaves its secrets out. */
    static MonitorDraft of(Monitor monitor, Map<String, String> visibleSettings) {
        return new MonitorDraft(
                monitor.getName(),
                monitor.getCheckType(),
                monitor.getIntervalSeconds(),
                monitor.getTimeoutSeconds(),
                monitor.getFailThreshold(),
                monitor.getRecoverThreshold(),
                monitor.isEnabled(),
                String.join(", ", monitor.getZoneList()),
                monitor.getQuorum(),
                new LinkedHashMap<>(visibleSettings),
                List.of(),
                monitor.getReactions().stream().map(ReactionConfig::getId).toList(),
                monitor.getDependsOn().stream().sorted().toList(),
                monitor.getTags());
    }

    MonitorDraft withFailThreshold(Integer failThreshold) {
        return new MonitorDraft(
                name,
                checkType,
                intervalSeconds,
                timeoutSeconds,
                failThreshold,
                recoverThreshold,
                enabled,
                zones,
                quorum,
                settings,
                clearSecrets,
                reactionIds,
                dependsOn,
                tags);
    }
}
