package io.cloudroutes.crbridge.actioner;

import java.util.List;

/**
 * The quorum decision a fold made, as {@code fold-result.lua} records it with a decision: each zone's vote, how many
 * voted each way, and the rule with its thresholds. Kept with the transition's event and the runs it made due, so a
 * person can see why a reaction ran.
 *
 * @param quorum           the rule (ANY_HEALTHY, MAJORITY, ALL_HEALTHY)
 * @param healthy          zones that voted HEALTHY
 * @param failed           zones that voted FAILED
 * @param voteWindowMillis a zone votes while its last result is younger than this
 * @param failThreshold    consecutive failures that turn a zone FAILED
 * @param recoverThreshold consecutive successes that turn a zone HEALTHY
 * @param nowMillis        the fold's "now", against which the zones' ages were judged
 * @param maintenance      the monitor was in a maintenance window, so its status was held
 * @param zones            each zone's last result, in the order the monitor first heard of them (null: none yet)
 */
record QuorumVotes(
        String quorum,
        int healthy,
        int failed,
        long voteWindowMillis,
        int failThreshold,
        int recoverThreshold,
        long nowMillis,
        boolean maintenance,
        List<ZoneVote> zones) {

    public QuorumVotes {
        zones = zones == null ? List.of() : List.copyOf(zones);
    }

    /**
     * One zone's vote.
     *
     * @param atMillis   when its last result was folded
     * @param abstaining its last result did not vote (its zone could not reach its canary, or its worker a limit)
     * @param voting     it counted: not abstaining, and its last result inside the vote window
     * @param reason     its last result's reason (cut at 300 characters)
     */
    record ZoneVote(String zone, String status, long atMillis, boolean abstaining, boolean voting, String reason) {}
}
