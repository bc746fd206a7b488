package io.cloudroutes.core.message;

import io.cloudroutes.core.secret.SecretScope;
import java.util.Map;

/**
 * Asks a worker to run one check of one monitor now.
 *
 * @param jobId          unique id of this run, echoed in the result
 * @param monitorId      the monitor being checked
 * @param checkType      id of the check plugin ({@code http}, {@code tcp}, …)
 * @param settings       the monitor's check settings, already validated when the monitor was saved
 * @param timeoutMillis  the deadline of the check; the worker reports FAILED when it is exceeded
 * @param dueAtMillis    when the schedule wanted this check to run (epoch millis)
 * @param issuedAtMillis when a control claimed it (epoch millis); lets workers drop jobs that are stale
 * @param zone           the zone whose workers run it
 * @param secretScope    the row the secret settings are sealed for, which opens them; null from a control of a version
 *                       before sealed values were bound to their row
 */
public record CheckJob(
        String jobId,
        long monitorId,
        String checkType,
        Map<String, String> settings,
        long timeoutMillis,
        long dueAtMillis,
        long issuedAtMillis,
        String zone,
        SecretScope secretScope) {

    public CheckJob {
        settings = Map.copyOf(settings);
        zone = zone == null || zone.isBlank() ? MonitorDefinition.DEFAULT_ZONE : zone;
    }

    /** A job whose settings hold no secret sealed for a row. */
    public CheckJob(
            String jobId,
            long monitorId,
            String checkType,
            Map<String, String> settings,
            long timeoutMillis,
            long dueAtMillis,
            long issuedAtMillis,
            String zone) {
        this(jobId, monitorId, checkType, settings, timeoutMillis, dueAtMillis, issuedAtMillis, zone, null);
    }
}
