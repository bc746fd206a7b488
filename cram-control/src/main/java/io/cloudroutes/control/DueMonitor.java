package io.cloudroutes.control;

/** A monitor claimed from the schedule, with the time it was due. */
record DueMonitor(long monitorId, long dueAtMillis) {
}
