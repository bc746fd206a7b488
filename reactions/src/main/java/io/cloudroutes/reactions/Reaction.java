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
     * What {@link #run} would do for this change, without doing it: the exact request(s) it would send (method, URL,
     * headers, body, or the command), with secrets masked. Empty when the type cannot describe a run without making
     * it; the "test run" then only offers a real run after confirmation.
     */
    default Optional<String> dryRun(StatusChanged change) {
        return Optional.empty();
    }
}
