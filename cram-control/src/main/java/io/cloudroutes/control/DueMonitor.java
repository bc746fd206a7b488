package io.cloudroutes.control;

/**
 * A monitor claimed from the schedule, with the time it was due and the time it was claimed, both by Redis' clock, and
 * its definition as the bridge wrote it (JSON; empty when the monitor has none).
 */
record DueMonitor(long monitorId, long dueAtMillis, long claimedAtMillis, String definitionJson) {

    /** How long after its due time the monitor was claimed. */
    long lateMillis() {
        return Math.max(0, claimedAtMillis - dueAtMillis);
    }

    /**
     * The slots of an {@code intervalSeconds} schedule the monitor passed over while overdue: their checks are not run
     * late one after another, the claim moves the monitor to its next slot and this one check stands for them.
     */
    long slotsPassedOver(int intervalSeconds) {
        return intervalSeconds <= 0 ? 0 : lateMillis() / (intervalSeconds * 1000L);
    }
}
