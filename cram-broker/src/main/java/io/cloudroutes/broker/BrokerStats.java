package io.cloudroutes.broker;

/** Counters of a running broker, as logged and shown to tests. */
public record BrokerStats(
        int liveWorkers,
        int queuedJobs,
        long jobsReceived,
        long jobsDispatched,
        long jobsDroppedStale,
        long jobsDroppedFull,
        long messagesMalformed) {}
