package io.cloudroutes.core;

/** How one run of a reaction ended. */
public enum ReactionOutcome {
    /** The reaction did its work. */
    EXECUTED,
    /** The reaction was deliberately not run (frequency limit, disabled, …); the record says why. */
    SKIPPED,
    /** The reaction tried and did not succeed; the record holds the error. */
    FAILED
}
