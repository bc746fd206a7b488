package io.cloudroutes.core.message;

import io.cloudroutes.core.Quorum;
import java.util.List;
import java.util.Map;

/**
 * The part of a monitor that the scheduling and checking processes need, as the bridge writes it to Redis.
 *
 * @param failThreshold    consecutive failures before the monitor becomes FAILED
 * @param recoverThreshold consecutive successes before it becomes HEALTHY again
 * @param zones            the zones it is checked from (one job per zone each interval)
 * @param quorum           how the zones' statuses combine
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
        Quorum quorum) {

    public static final String DEFAULT_ZONE = "default";

    public MonitorDefinition {
        settings = Map.copyOf(settings);
        zones = zones == null || zones.isEmpty() ? List.of(DEFAULT_ZONE) : List.copyOf(zones);
        quorum = quorum == null ? Quorum.MAJORITY : quorum;
    }
}
