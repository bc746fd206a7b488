package io.cloudroutes.core.message;

import io.cloudroutes.core.Status;

/**
 * A monitor's combined status moved from one value to another; reactions run on these.
 *
 * @param atMillis         when the check that made the change began (epoch ms): the event's time
 * @param heldFor          how many consecutive results the new status has held for (1 at the transition itself)
 * @param detectedAtMillis when that check's result was known (its start plus its latency, epoch ms), from which
 *                         CloudRoutes' own time to react is counted; 0 when not known (written by an older actioner)
 */
public record StatusChanged(
        long monitorId,
        String monitorName,
        Status from,
        Status to,
        String reason,
        String zone,
        long atMillis,
        int heldFor,
        long detectedAtMillis) {

    /** A change whose result's latency is not known: detected when the check began. */
    public StatusChanged(
            long monitorId,
            String monitorName,
            Status from,
            Status to,
            String reason,
            String zone,
            long atMillis,
            int heldFor) {
        this(monitorId, monitorName, from, to, reason, zone, atMillis, heldFor, atMillis);
    }

    /** When the result was known, or when its check began for a change written without it. */
    public long detectedAt() {
        return detectedAtMillis > 0 ? detectedAtMillis : atMillis;
    }
}
