package io.cloudroutes.reactions;

import io.cloudroutes.core.ReactionOutcome;

/**
 * How a reaction run ended and what it produced (the response, the message sent, the error).
 *
 * @param outcome   EXECUTED, LOGGED, SKIPPED or FAILED
 * @param output    the response, the message sent, or the error
 * @param retryable a FAILED run that may succeed if tried again (timeout, connection refused, HTTP 429 or 5xx, a
 *                  throttled cloud API); a failure that would fail the same way again (bad credentials, HTTP 4xx, a
 *                  record that does not exist) is not
 *     <p>Serializable: crweb shows a test run's result on the next page through a flash attribute, which its
 *     session store keeps serialized until then.
 */
public record ReactionResult(ReactionOutcome outcome, String output, boolean retryable)
        implements java.io.Serializable {

    public ReactionResult(ReactionOutcome outcome, String output) {
        this(outcome, output, false);
    }

    public static ReactionResult executed(String output) {
        return new ReactionResult(ReactionOutcome.EXECUTED, output);
    }

    /** The message could only be written to the log (no server to send it through is configured). */
    public static ReactionResult logged(String output) {
        return new ReactionResult(ReactionOutcome.LOGGED, output);
    }

    public static ReactionResult skipped(String why) {
        return new ReactionResult(ReactionOutcome.SKIPPED, why);
    }

    /** A failure that would fail the same way if tried again. */
    public static ReactionResult failed(String error) {
        return new ReactionResult(ReactionOutcome.FAILED, error);
    }

    /** A failure that may pass if tried again a little later: the actioner retries it with backoff. */
    public static ReactionResult retryable(String error) {
        return new ReactionResult(ReactionOutcome.FAILED, error, true);
    }
}
