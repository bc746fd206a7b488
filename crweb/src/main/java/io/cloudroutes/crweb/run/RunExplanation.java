package io.cloudroutes.crweb.run;

import java.time.Instant;
import java.util.List;

/**
 * Why a reaction run ran, as the actioner kept it with its job ({@code reaction_jobs.explanation}) and the transition's
 * event ({@code events.explanation}): the decision, the rule, and every admission verdict. Parts the actioner did not
 * record (runs from before explanations were kept) are null or empty.
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

    static final RunExplanation NONE = new RunExplanation(null, null, List.of(), List.of());

    /** The same, with the event's decision when the job kept none (a run made due before it was recorded with it). */
    RunExplanation orDecision(Decision fromEvent) {
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

    /** The quorum decision: each zone's vote, the counts, the rule and its thresholds. */
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

    /** One zone's last result as the quorum saw it; {@code voting} when it counted. */
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

    /** One admission verdict (RUN, SKIPPED, HELD, WOULD_RUN), at the actioner's clock. */
    public record Admission(
            long atMillis, String verdict, String reason, String heldKind, Long heldByMonitorId, String releasedBy) {

        public Instant at() {
            return Instant.ofEpochMilli(atMillis);
        }
    }
}
