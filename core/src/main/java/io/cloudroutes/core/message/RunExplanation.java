package io.cloudroutes.core.message;

import java.time.Instant;
import java.util.List;

/**
 * Why a reaction run ran, as the actioner keeps it with its job ({@code reaction_jobs.explanation}, as JSON) and the
 * transition's event ({@code events.explanation}, its {@link Decision}): the decision, the rule, and every admission
 * verdict; crweb shows it on the run's page and in the API. Parts not recorded (runs from before explanations were
 * kept) are null or empty. The actioner merges the parts into the stored JSON, so a release's list stays.
 *
 * @param decision   the result and transition that made the run due, with the quorum votes
 * @param rule       the reaction's rule as it made the run due
 * @param admissions each time the run was admitted, in order: run, skipped, held, would run
 * @param released   the kinds of safeguard hold it was released from
 */
public record RunExplanation(Decision decision, Rule rule, List<Admission> admissions, List<String> released) {

    public RunExplanation {
        admissions = admissions == null ? List.of() : List.copyOf(admissions);
        released = released == null ? List.of() : List.copyOf(released);
    }

    public static final RunExplanation NONE = new RunExplanation(null, null, List.of(), List.of());

    /** The same, with the event's decision when the job kept none (a run made due before it was recorded with it). */
    public RunExplanation orDecision(Decision fromEvent) {
        return decision != null || fromEvent == null ? this : new RunExplanation(fromEvent, rule, admissions, released);
    }

    /**
     * The decision behind the run.
     *
     * @param transitioned false for a later count of the episode (a trigger count above 1)
     * @param heldFor      how many results agreed with the status by then
     * @param override     the status a person held the monitor at ({@code ""} when none)
     */
    public record Decision(
            String episode,
            String from,
            String to,
            boolean transitioned,
            int heldFor,
            String zone,
            String reason,
            long checkedAtMillis,
            long latencyMillis,
            String resultId,
            String override,
            boolean flapping,
            Votes votes) {

        public Instant checkedAt() {
            return Instant.ofEpochMilli(checkedAtMillis);
        }
    }

    /**
     * The quorum decision as the fold made it ({@code fold-result.lua} records it with the decision).
     *
     * @param quorum           the rule (ANY_HEALTHY, MAJORITY, ALL_HEALTHY)
     * @param healthy          zones that voted HEALTHY
     * @param failed           zones that voted FAILED
     * @param voteWindowMillis a zone votes while its last result is younger than this
     * @param failThreshold    consecutive failures that turn a zone FAILED
     * @param recoverThreshold consecutive successes that turn a zone HEALTHY
     * @param nowMillis        the fold's "now", against which the zones' ages were judged
     * @param maintenance      the monitor was in a maintenance window, so its status was held
     * @param zones            each zone's last result, in the order the monitor first heard of them
     */
    public record Votes(
            String quorum,
            int healthy,
            int failed,
            long voteWindowMillis,
            int failThreshold,
            int recoverThreshold,
            long nowMillis,
            boolean maintenance,
            List<ZoneVote> zones) {

        public Votes {
            zones = zones == null ? List.of() : List.copyOf(zones);
        }

        /** What the rule says, in words. */
        public String rule() {
            return switch (quorum == null ? "" : quorum) {
                case "ANY_HEALTHY" -> "ANY_HEALTHY: FAILED only when no voting zone is healthy";
                case "ALL_HEALTHY" -> "ALL_HEALTHY: FAILED when any voting zone fails";
                case "MAJORITY" ->
                    "MAJORITY: FAILED when more than half of the voting zones fail (a tie stays HEALTHY)";
                default -> String.valueOf(quorum);
            };
        }
    }

    /**
     * One zone's last result as the quorum saw it.
     *
     * @param atMillis   when its last result was folded
     * @param abstaining its last result did not vote (its zone could not reach its canary, or its worker a limit)
     * @param voting     it counted: not abstaining, and its last result inside the vote window
     * @param reason     its last result's reason (cut at 300 bytes, between characters)
     */
    public record ZoneVote(
            String zone, String status, long atMillis, boolean abstaining, boolean voting, String reason) {

        public Instant at() {
            return Instant.ofEpochMilli(atMillis);
        }
    }

    /** The reaction's rule as it made the run due. */
    public record Rule(
            String kind,
            String reactionType,
            String callOn,
            int triggerCount,
            int heldFor,
            int frequencySeconds,
            int escalationStep,
            int escalationWaitSeconds,
            boolean disruptive) {}

    /** What admission decided for a run. */
    public enum Verdict {
        RUN,
        SKIPPED,
        HELD,
        WOULD_RUN
    }

    /** One admission verdict, at the actioner's clock; {@code heldByMonitorId} is a failed parent's. */
    public record Admission(
            long atMillis, Verdict verdict, String reason, String heldKind, Long heldByMonitorId, String releasedBy) {

        public Instant at() {
            return Instant.ofEpochMilli(atMillis);
        }
    }
}
