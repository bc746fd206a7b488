package io.cloudroutes.core.message;

import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
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
        Status override) {

    public static final String DEFAULT_ZONE = "default";

    public MonitorDefinition {
        settings = Map.copyOf(settings);
        zones = zones == null || zones.isEmpty() ? List.of(DEFAULT_ZONE) : List.copyOf(zones);
        quorum = quorum == null ? Quorum.MAJORITY : quorum;
        if (override == Status.UNKNOWN) {
            throw new IllegalArgumentException("a monitor can be held at FAILED or HEALTHY, not UNKNOWN");
        }
    }

    /** A monitor that follows its checks. */
    public MonitorDefinition(long id, long ownerId, String name, String checkType, Map<String, String> settings,
            int intervalSeconds, int timeoutSeconds, int failThreshold, int recoverThreshold, boolean enabled,
            List<String> zones, Quorum quorum) {
        this(id, ownerId, name, checkType, settings, intervalSeconds, timeoutSeconds, failThreshold, recoverThreshold,
                enabled, zones, quorum, null);
    }
}
