package io.cloudroutes.reactions;

import io.cloudroutes.core.ReactionOutcome;

/** How a reaction run ended and what it produced (the response, the message sent, the error). */
public record ReactionResult(ReactionOutcome outcome, String output) {

    public static ReactionResult executed(String output) {
        return new ReactionResult(ReactionOutcome.EXECUTED, output);
    }

    public static ReactionResult skipped(String why) {
        return new ReactionResult(ReactionOutcome.SKIPPED, why);
    }

    public static ReactionResult failed(String error) {
        return new ReactionResult(ReactionOutcome.FAILED, error);
    }
}
