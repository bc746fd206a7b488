package io.cloudroutes.core.message;

import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.secret.SecretScope;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a monitor that the scheduling and checking processes need, as the bridge writes it to Redis.
 *
 * @param failThreshold    consecutive failures before the monitor becomes FAILED
 * @param recoverThreshold consecutive successes before it becomes HEALTHY again
 * @param zones            the zones it is checked from (one job per zone each interval)
 * @param quorum           how the zones' statuses combine
 * @param override         a status a person holds the monitor at, or null to follow the checks
 * @param sealId           the id its secret settings are sealed for ({@link SecretScope}); null from a bridge of a
 *                         version before sealed values were bound to their row
 * @param reactionTriggers for FAILED and HEALTHY, the trigger counts (ascending, each once) of the monitor's reactions
 *                         that run on that status ({@code CallOn.runningOn}): the only counts of an episode, besides
 *                         its transition, at which a reaction can be due. Null when unknown (a definition written by a
 *                         bridge of a version before it was recorded): every count can then make one due
 */
public record MonitorDefinition(
        long id,
        long ownerId,
        String name,
        String checkType,
        Map<String, String> settings,
        int intervalSeconds,
        int timeoutSeconds,
        int failThreshold,
        int recoverThreshold,
        boolean enabled,
        List<String> zones,
        Quorum quorum,
        Status override,
        String sealId,
        Map<Status, List<Integer>> reactionTriggers) {

    public static final String DEFAULT_ZONE = "default";

    public MonitorDefinition {
        settings = Map.copyOf(settings);
        zones = zones == null || zones.isEmpty() ? List.of(DEFAULT_ZONE) : List.copyOf(zones);
        quorum = quorum == null ? Quorum.MAJORITY : quorum;
        if (override == Status.UNKNOWN) {
            throw new IllegalArgumentException("a monitor can be held at FAILED or HEALTHY, not UNKNOWN");
        }
        reactionTriggers = reactionTriggers == null ? null : sortedOnce(reactionTriggers);
    }

    /**
     * A monitor whose reactions' triggers are not known (tests, and definitions of older bridges): every count of an
     * episode is treated as one a reaction can be due at.
     */
    public MonitorDefinition(
            long id,
            long ownerId,
            String name,
            String checkType,
            Map<String, String> settings,
            int intervalSeconds,
            int timeoutSeconds,
            int failThreshold,
            int recoverThreshold,
            boolean enabled,
            List<String> zones,
            Quorum quorum,
            Status override,
            String sealId) {
        this(
                id,
                ownerId,
                name,
                checkType,
                settings,
                intervalSeconds,
                timeoutSeconds,
                failThreshold,
                recoverThreshold,
                enabled,
                zones,
                quorum,
                override,
                sealId,
                null);
    }

    /** The trigger counts of reactions running on {@code status}, or null when they are not known. */
    public List<Integer> reactionTriggersOn(Status status) {
        return reactionTriggers == null ? null : reactionTriggers.getOrDefault(status, List.of());
    }

    private static Map<Status, List<Integer>> sortedOnce(Map<Status, List<Integer>> triggers) {
        Map<Status, List<Integer>> sorted = new EnumMap<>(Status.class);
        triggers.forEach((status, counts) ->
                sorted.put(status, counts.stream().sorted().distinct().toList()));
        return Map.copyOf(sorted);
    }

    /**
     * A monitor whose secret settings are not sealed for its row and whose reactions' triggers are not known (tests,
     * and definitions of older bridges).
     */
    public MonitorDefinition(
            long id,
            long ownerId,
            String name,
            String checkType,
            Map<String, String> settings,
            int intervalSeconds,
            int timeoutSeconds,
            int failThreshold,
            int recoverThreshold,
            boolean enabled,
            List<String> zones,
            Quorum quorum,
            Status override) {
        this(
                id,
                ownerId,
                name,
                checkType,
                settings,
                intervalSeconds,
                timeoutSeconds,
                failThreshold,
                recoverThreshold,
                enabled,
                zones,
                quorum,
                override,
                null);
    }

    /** The row its secret settings are sealed for, or null when the definition does not say. */
    public SecretScope secretScope() {
        return sealId == null || sealId.isBlank() ? null : SecretScope.monitor(ownerId, sealId);
    }

    /** A monitor that follows its checks. */
    public MonitorDefinition(
            long id,
            long ownerId,
            String name,
            String checkType,
            Map<String, String> settings,
            int intervalSeconds,
            int timeoutSeconds,
            int failThreshold,
            int recoverThreshold,
            boolean enabled,
            List<String> zones,
            Quorum quorum) {
        this(
                id,
                ownerId,
                name,
                checkType,
                settings,
                intervalSeconds,
                timeoutSeconds,
                failThreshold,
                recoverThreshold,
                enabled,
                zones,
                quorum,
                null);
    }
}
