package io.cloudroutes.core;

/** How one run of a reaction ended. */
public enum ReactionOutcome {
    /** The reaction did its work. */
    EXECUTED,
    /**
     * The reaction ran but could only write its message to the log: an email with no SMTP server configured. Nobody
     * was told; the record holds the message.
     */
    LOGGED,
    /** The reaction was deliberately not run (frequency limit, escalation rule, …); the record says why. */
    SKIPPED,
    /** The reaction tried and did not succeed; the record holds the error. */
    FAILED,
    /**
     * A safeguard stopped the run before it acted: it waits for a person to release it or for a condition to pass; the
     * record says which safeguard and why. Nothing was done.
     */
    HELD,
    /** Shadow mode: the run was evaluated and would have run, but did not act; the record holds what it would do. */
    WOULD_RUN
}
