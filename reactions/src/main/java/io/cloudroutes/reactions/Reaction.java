package io.cloudroutes.reactions;

import io.cloudroutes.core.message.StatusChanged;
import java.time.Duration;
import java.util.Optional;

/** One configured reaction: does one thing, within a deadline, safe to run concurrently. */
public interface Reaction {

    /**
     * Reacts to a transition. Expected failures (SMTP refused, HTTP 500) are returned as a FAILED result with the
     * error as output, never thrown.
     */
    ReactionResult run(StatusChanged change, Duration timeout);

    /**
     * Reacts to a transition as one attempt of the run named {@code runKey}: the same key for every attempt of one run,
     * whichever actioner makes it, also when a run cut off by a crash is made again. Types that call a receiver able to
     * de-duplicate pass it on (the {@value #IDEMPOTENCY_HEADER} header), so that a run made twice acts once; the others
     * ignore it.
     *
     * @param runKey the run's key, or null when there is none
     */
    default ReactionResult run(StatusChanged change, Duration timeout, String runKey) {
        return run(change, timeout);
    }

    /** The header that carries a run's key to an HTTP receiver (the IETF draft's name, as Stripe and others use it). */
    String IDEMPOTENCY_HEADER = "Idempotency-Key";

    /**
     * What {@link #run} would do for this change, without doing it: the exact request(s) it would send (method, URL,
     * headers, body, or the command), with secrets masked. Empty when the type cannot describe a run without making
     * it; the "test run" then only offers a real run after confirmation.
     */
    default Optional<String> dryRun(StatusChanged change) {
        return Optional.empty();
    }

    /**
     * Checks that an executed run for this change took effect, by looking at the target again (the server's state,
     * the record's answer) rather than trusting the run's own answer: something may have undone it since. Called a few
     * seconds after the run; a failed check makes the next escalation step due at once. Empty when the type has no
     * check of its own (the default); an expected failure to look (no answer) is a failed verification, never thrown.
     */
    default Optional<Verification> verify(StatusChanged change, Duration timeout) {
        return Optional.empty();
    }
}
