package io.cloudroutes.core;

/**
 * How the statuses seen from several zones combine into a monitor's status. Only zones that reported within the
 * last three intervals vote, so a zone whose workers are gone stops deciding; while no zone votes the monitor keeps
 * the status it had. The rule is applied in one place, the actioner's fold ({@code fold-result.lua} in crbridge), and
 * documented in docs/monitoring-semantics.md ("Zones and quorum").
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
}
