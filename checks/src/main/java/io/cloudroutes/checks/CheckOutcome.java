package io.cloudroutes.checks;

import io.cloudroutes.core.Status;

/**
 * What one run of a check found: HEALTHY or FAILED, or UNKNOWN when the process could not run the check for a limit of
 * its own (it says nothing about the target, so it must not count against it).
 */
public record CheckOutcome(Status status, String reason, long latencyMillis) {

    public static CheckOutcome healthy(String reason, long latencyMillis) {
        return new CheckOutcome(Status.HEALTHY, reason, latencyMillis);
    }

    public static CheckOutcome failed(String reason, long latencyMillis) {
        return new CheckOutcome(Status.FAILED, reason, latencyMillis);
    }

    /** The check was not run to its end for a limit of this process, which {@code reason} names. */
    public static CheckOutcome notRun(String reason, long latencyMillis) {
        return new CheckOutcome(Status.UNKNOWN, reason, latencyMillis);
    }
}
