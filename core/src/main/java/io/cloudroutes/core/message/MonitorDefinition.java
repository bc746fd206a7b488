package io.cloudroutes.core.message;

import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.secret.SecretScope;
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
        String sealId) {

    public static final String DEFAULT_ZONE = "default";

    public MonitorDefinition {
        settings = Map.copyOf(settings);
        zones = zones == null || zones.isEmpty() ? List.of(DEFAULT_ZONE) : List.copyOf(zones);
        quorum = quorum == null ? Quorum.MAJORITY : quorum;
        if (override == Status.UNKNOWN) {
            throw new IllegalArgumentException("a monitor can be held at FAILED or HEALTHY, not UNKNOWN");
        }
    }

    /** A monitor whose secret settings are not sealed for its row (tests, and definitions of older bridges). */
    public MonitorDefinition(long id, long ownerId, String name, String checkType, Map<String, String> settings,
            int intervalSeconds, int timeoutSeconds, int failThreshold, int recoverThreshold, boolean enabled,
            List<String> zones, Quorum quorum, Status override) {
        this(id, ownerId, name, checkType, settings, intervalSeconds, timeoutSeconds, failThreshold, recoverThreshold,
                enabled, zones, quorum, override, null);
    }

    /** The row its secret settings are sealed for, or null when the definition does not say. */
    public SecretScope secretScope() {
        return sealId == null || sealId.isBlank() ? null : SecretScope.monitor(ownerId, sealId);
    }

    /** A monitor that follows its checks. */
    public MonitorDefinition(long id, long ownerId, String name, String checkType, Map<String, String> settings,
            int intervalSeconds, int timeoutSeconds, int failThreshold, int recoverThreshold, boolean enabled,
            List<String> zones, Quorum quorum) {
        this(id, ownerId, name, checkType, settings, intervalSeconds, timeoutSeconds, failThreshold, recoverThreshold,
                enabled, zones, quorum, null);
    }
}
