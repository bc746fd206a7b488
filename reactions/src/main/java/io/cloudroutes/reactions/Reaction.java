package io.cloudroutes.reactions;

import io.cloudroutes.core.message.StatusChanged;
import java.time.Duration;

/** One configured reaction: does one thing, within a deadline, safe to run concurrently. */
public interface Reaction {

    /**
     * Reacts to a transition. Expected failures (SMTP refused, HTTP 500) are returned as a FAILED result with the
     * error as output, never thrown.
     */
    ReactionResult run(StatusChanged change, Duration timeout);
}
