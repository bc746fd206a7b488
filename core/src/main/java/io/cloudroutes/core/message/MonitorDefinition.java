package io.cloudroutes.core.message;

import java.util.Map;

/**
 * The part of a monitor that the scheduling and checking processes need, as the bridge writes it to Redis.
 *
 * @param failThreshold    consecutive failures before the monitor becomes FAILED
 * @param recoverThreshold consecutive successes before it becomes HEALTHY again
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
        boolean enabled) {

    public MonitorDefinition {
        settings = Map.copyOf(settings);
    }
}
