package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which reactions a decision of the fold makes due and whether each may run: the rule half of a decision, without the
 * mechanics that make it atomic across actioners. The live actioner ({@link DecisionLedger}, {@link JobRunner},
 * {@link ReactionRunner}) keeps those in PostgreSQL and Redis; a replay keeps them in memory along the history it walks.
 * Both decide here, so a replay says what the live actioner would have done.
 */
final class ReactionPolicy {

    private ReactionPolicy() {}

    /** The reactions of one escalation step that are due together. */
    record Step(int number, List<ReactionConfig> reactions) {

        /** How long the step waits after the one before it: the longest wait of its reactions. */
        Duration waitAfterPrevious() {
            return Duration.ofSeconds(reactions.stream()
                    .mapToInt(ReactionConfig::getEscalationWaitSeconds)
                    .max()
                    .orElse(0));
        }
    }

    /** Whether the reaction is due when the monitor has held {@code status} for {@code heldFor} results. */
    static boolean due(ReactionConfig reaction, Status status, int heldFor) {
        return CallOn.runningOn(status).contains(reaction.getCallOn()) && reaction.getTriggerCount() == heldFor;
    }

    /** The first escalation step due at this count of an episode of {@code status}: the lowest of those due. */
    static Optional<Step> firstStep(Collection<ReactionConfig> reactions, Status status, int heldFor) {
        return stepAfter(reactions, status, heldFor, 0);
    }

    /** The escalation step that follows step {@code after} of the same decision, if the reactions have one. */
    static Optional<Step> stepAfter(Collection<ReactionConfig> reactions, Status status, int heldFor, int after) {
        List<ReactionConfig> later = reactions.stream()
                .filter(r -> due(r, status, heldFor) && r.getEscalationStep() > after)
                .toList();
        if (later.isEmpty()) {
            return Optional.empty();
        }
        int step =
                later.stream().mapToInt(ReactionConfig::getEscalationStep).min().orElseThrow();
        return Optional.of(new Step(
                step, later.stream().filter(r -> r.getEscalationStep() == step).toList()));
    }

    /**
     * How long the next step waits: its wait while the monitor still has the episode's status, none when it no longer
     * has it (the step is then recorded at once as not run).
     */
    static Duration escalationWait(Step next, boolean stillHolds) {
        return stillHolds ? next.waitAfterPrevious() : Duration.ZERO;
    }

    /** Why a later step (or a released run) does not run when the monitor left the episode's status; else null. */
    static String noLongerHolds(StatusChanged change, boolean stillHolds, String when) {
        return stillHolds ? null : "not run: " + change.monitorName() + " was no longer " + change.to() + when;
    }

    /**
     * What a run takes to be admitted, kept where the caller keeps it: the reaction's frequency slot (taken by one
     * actioner, for {@code frequencySeconds}) and the recovery notice a reaction on both changes owes the monitor.
     */
    interface Slots {
        /** Takes the slot unless a run took it less than the frequency ago; true when taken. */
        boolean takeFrequencySlot(long monitorId, ReactionConfig reaction);

        /** Takes the recovery notice the reaction owes, if it owes one; true when taken. */
        boolean takeOwedRecoveryNotice(long monitorId, ReactionConfig reaction);

        /** Remembers that the reaction owes the monitor a recovery notice. */
        void oweRecoveryNotice(long monitorId, ReactionConfig reaction);
    }

    /**
     * Whether the reaction may run for the change: null when it may, otherwise why not. A reaction on both changes
     * pairs its notices: each failure notice is followed by one recovery notice, which the frequency does not hold back
     * (the failure notice took the slot for both), and a recovery whose failure it did not tell of (skipped by the
     * frequency, shorter than the trigger) gets none.
     */
    static String admit(StatusChanged change, ReactionConfig reaction, Slots slots) {
        boolean bothWays = reaction.getCallOn() == CallOn.BOTH;
        if (bothWays && change.to() == Status.HEALTHY) {
            return slots.takeOwedRecoveryNotice(change.monitorId(), reaction)
                    ? null
                    : "not run: this reaction told of no failure of " + change.monitorName() + " since its last "
                            + "recovery notice (a failure notice skipped by the frequency limit, or a failure shorter "
                            + "than the trigger, gets no recovery notice)";
        }
        if (reaction.getFrequencySeconds() > 0 && !slots.takeFrequencySlot(change.monitorId(), reaction)) {
            return "ran less than " + reaction.getFrequencySeconds() + " s ago (frequency "
                    + reaction.getFrequencySeconds() + " s)";
        }
        if (bothWays && change.to() == Status.FAILED) {
            slots.oweRecoveryNotice(change.monitorId(), reaction);
        }
        return null;
    }

    /** The frequency rule on a timeline: a run at {@code at} is allowed when the last one was a frequency ago. */
    static boolean frequencyAllows(ReactionConfig reaction, Instant lastRun, Instant at) {
        return lastRun == null || !at.isBefore(lastRun.plusSeconds(reaction.getFrequencySeconds()));
    }
}
