package io.cloudroutes.checks;

import io.cloudroutes.core.Status;

/** What one run of a check found. */
public record CheckOutcome(Status status, String reason, long latencyMillis) {

    public static CheckOutcome healthy(String reason, long latencyMillis) {
        return new CheckOutcome(Status.HEALTHY, reason, latencyMillis);
    }

    public static CheckOutcome failed(String reason, long latencyMillis) {
        return new CheckOutcome(Status.FAILED, reason, latencyMillis);
    }
}
