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
    FAILED
}
