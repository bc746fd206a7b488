package io.cloudroutes.core;

/**
 * How the statuses seen from several zones combine into a monitor's status. Only zones that reported within the
 * last three intervals vote, so a zone whose workers are gone stops deciding.
 */
public enum Quorum {
    /** HEALTHY while any voting zone sees it healthy: fails over only when every zone agrees (least eager). */
    ANY_HEALTHY("any zone healthy"),
    /** FAILED when more than half of the voting zones see it failed; a tie stays HEALTHY. */
    MAJORITY("majority of zones"),
    /** FAILED as soon as one voting zone sees it failed (most eager). */
    ALL_HEALTHY("every zone healthy");

    private final String label;

    Quorum(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The combined status for these counts of voting zones; UNKNOWN when no zone votes. */
    public Status combine(int healthyZones, int failedZones) {
        int voting = healthyZones + failedZones;
        if (voting == 0) {
            return Status.UNKNOWN;
        }
        boolean failed = switch (this) {
            case ANY_HEALTHY -> healthyZones == 0;
            case MAJORITY -> failedZones * 2 > voting;
            case ALL_HEALTHY -> failedZones > 0;
        };
        return failed ? Status.FAILED : Status.HEALTHY;
    }
}
