package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Limits;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.RunExplanation;
import io.cloudroutes.core.message.StatusChanged;

/**
 * What folding one result decided, as the fold script records it among the pending decisions: a transition, or a
 * count of an episode that can make a reaction due. Keyed by the monitor, the episode (the id of the result that began
 * it) and the count, so that recording it twice in PostgreSQL writes it once.
 *
 * @param sequence the order in which decisions were folded, across all monitors
 * @param override the status a person held the monitor at when it was folded ({@code ""} when none)
 * @param flapping whether the monitor was flapping after this fold ({@link FlapDamping}); false in decisions folded
 *                 before flap damping was recorded
 * @param votes    the quorum decision as the fold saw it, for the run's explanation; null in decisions folded before
 *                 it was recorded
 */
record Decision(
        long sequence,
        long monitorId,
        String episode,
        Status previous,
        Status current,
        Status episodeFrom,
        boolean transitioned,
        int heldFor,
        String reason,
        String zone,
        long checkedAtMillis,
        String override,
        String resultId,
        long latencyMillis,
        boolean flapping,
        RunExplanation.Votes votes) {

    /** A reaction's trigger is at most this many results; past it no reaction can be due. */
    static final int MAX_TRIGGER = Limits.TriggerCount.MAX;

    /** What the event and the reactions say: a monitor held by hand says so, with what its checks say. */
    String recordedReason() {
        return current.name().equals(override)
                ? "held at " + current + " by hand (the checks say: " + reason + ")"
                : reason;
    }

    /** Whether this decision can run reactions: a first HEALTHY is not a recovery, nothing had failed. */
    boolean callsForReactions() {
        return current != Status.UNKNOWN
                && heldFor <= MAX_TRIGGER
                && !(current == Status.HEALTHY && episodeFrom == Status.UNKNOWN);
    }

    StatusChanged change(String monitorName) {
        return new StatusChanged(
                monitorId,
                monitorName,
                episodeFrom,
                current,
                recordedReason(),
                zone,
                checkedAtMillis,
                heldFor,
                detectedAtMillis());
    }

    /** When the result that made this decision was known: its check's start plus its latency. */
    long detectedAtMillis() {
        return CheckResult.knownAtMillis(checkedAtMillis, latencyMillis);
    }
}
