package io.cloudroutes.core.message;

import io.cloudroutes.core.Status;

/**
 * A monitor's combined status moved from one value to another; reactions run on these.
 *
 * @param heldFor how many consecutive results the new status has held for (1 at the transition itself)
 */
public record StatusChanged(
        long monitorId,
        String monitorName,
        Status from,
        Status to,
        String reason,
        String zone,
        long atMillis,
        int heldFor) {
}
