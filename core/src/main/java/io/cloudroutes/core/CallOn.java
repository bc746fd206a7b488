package io.cloudroutes.core;

import java.util.List;

/** Which changes of a monitor's status a reaction runs on. */
public enum CallOn {
    /** When the monitor fails. */
    FAILED,
    /** When the monitor recovers: HEALTHY after FAILED (a first HEALTHY after UNKNOWN is no recovery). */
    HEALTHY,
    /**
     * On the failure and on the recovery that ends it: for notifications, whose message says which way the monitor
     * went, so that whoever was told of a failure is told of its recovery too.
     */
    BOTH;

    /** The settings of the reactions that run when a monitor becomes {@code status}: its own, and BOTH. */
    public static List<CallOn> runningOn(Status status) {
        return switch (status) {
            case FAILED -> List.of(FAILED, BOTH);
            case HEALTHY -> List.of(HEALTHY, BOTH);
            case UNKNOWN -> List.of();
        };
    }
}
