package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.RunExplanation;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps why each reaction run ran (or did not) with its job, in {@code reaction_jobs.explanation}: the decision that
 * made it due (the result, the transition, the quorum votes), the reaction's rule, and every admission verdict
 * (run, skipped, held, would run) in order. Entries are merged into what is there: a release's {@code released} list
 * stays. The run's page reads it back.
 */
@Component
class RunExplanations {

    private static final Logger log = LoggerFactory.getLogger(RunExplanations.class);

    /** The decision's explanation: the result and transition behind it, and its quorum votes. */
    static RunExplanation.Decision of(Decision decision) {
        return new RunExplanation.Decision(
                decision.episode(),
                decision.episodeFrom().name(),
                decision.current().name(),
                decision.transitioned(),
                decision.heldFor(),
                decision.zone(),
                decision.recordedReason(),
                decision.checkedAtMillis(),
                decision.latencyMillis(),
                decision.resultId(),
                decision.override(),
                decision.flapping(),
                decision.votes());
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    RunExplanations(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The decision's explanation as JSON, for its event. */
    static String json(Decision decision) {
        return MessageCodec.toJson(of(decision));
    }

    /**
     * Inside the decision's transaction: the decision goes with the jobs it made due (the runs of its episode and count
     * that have none yet, restores included).
     */
    void decided(Decision decision) {
        jdbc.update(
                "update reaction_jobs set explanation = coalesce(explanation, '{}'::jsonb) "
                        + "|| jsonb_build_object('decision', cast(? as jsonb)) where monitor_id = ? and episode = ? "
                        + "and held_for = ? and explanation -> 'decision' is null",
                json(decision),
                decision.monitorId(),
                decision.episode(),
                decision.heldFor());
    }

    /**
     * Adds an admission verdict to the job's explanation, with the reaction's rule, and the decision of its episode and
     * count when a later escalation step has none of its own yet. Never stops the run: an explanation that cannot be
     * written is logged.
     */
    void admitted(
            ReactionJobs.Job job, ReactionConfig reaction, boolean disruptive, RunExplanation.Admission admission) {
        RunExplanation.Rule rule = new RunExplanation.Rule(
                job.kind().name(),
                reaction.getReactionType(),
                reaction.getCallOn().name(),
                reaction.getTriggerCount(),
                job.heldFor(),
                reaction.getFrequencySeconds(),
                job.escalationStep(),
                reaction.getEscalationWaitSeconds(),
                disruptive);
        try {
            jdbc.update(
                    "update reaction_jobs j set explanation = coalesce(j.explanation, '{}'::jsonb) "
                            + "|| case when j.explanation -> 'decision' is null then coalesce((select "
                            + "jsonb_build_object('decision', s.explanation -> 'decision') from reaction_jobs s "
                            + "where s.monitor_id = j.monitor_id and s.episode = j.episode and s.held_for = j.held_for "
                            + "and s.explanation -> 'decision' is not null limit 1), '{}'::jsonb) else '{}'::jsonb end "
                            + "|| jsonb_build_object('rule', cast(? as jsonb), 'admissions', "
                            + "coalesce(j.explanation -> 'admissions', '[]'::jsonb) || jsonb_build_array(cast(? as jsonb))) "
                            + "where j.id = ?",
                    MessageCodec.toJson(rule),
                    MessageCodec.toJson(admission),
                    job.id());
        } catch (RuntimeException e) {
            log.warn(
                    "could not keep why a reaction run was decided job={} verdict={} error={}",
                    job.id(),
                    admission.verdict(),
                    e.toString());
        }
    }

    /** A verdict now. */
    RunExplanation.Admission verdict(
            RunExplanation.Verdict verdict, String reason, String heldKind, Long heldBy, String releasedBy) {
        return new RunExplanation.Admission(clock.millis(), verdict, reason, heldKind, heldBy, releasedBy);
    }
}
