package io.cloudroutes.crbridge.actioner;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The checks, after an executed run on a failure, that the run took effect ({@code reaction_verifications}): planned
 * when the run is recorded, resolved once each (the update that records an outcome is conditional on there being none,
 * so of several actioners only one records it and acts on it), and what they mean for the rest of the escalation. Due
 * times come from the application's clock, as absolute times; the not-before times of jobs stay PostgreSQL's.
 */
@Component
class Verifications {

    /** How long after a run the reaction's own check looks at its target: time for a server to apply what it was told. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    /** How a later step skipped because the earlier one verified begins: it ends the escalation of that failure. */
    static final String VERIFIED = "not run: verified: ";

    /** The monitor recovers before the due time; the reaction's own check of its target at the due time. */
    enum Kind {
        RECOVERY,
        REACTION
    }

    /** A check due and not resolved yet. */
    record Due(long id, long jobId, Kind kind, Instant plannedAt, Instant dueAt) {}

    private final JdbcTemplate jdbc;

    Verifications(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Plans a check of the job's run (recorded just before); planning it again changes nothing. */
    void plan(ReactionJobs.Job job, Kind kind, Instant now, Duration within) {
        jdbc.update(
                "insert into reaction_verifications (job_id, run_id, monitor_id, kind, planned_at, due_at) "
                        + "select id, run_id, monitor_id, ?, ?, ? from reaction_jobs where id = ? "
                        + "on conflict (job_id, kind) do nothing",
                kind.name(),
                Timestamp.from(now),
                Timestamp.from(now.plus(within)),
                job.id());
    }

    /** The checks due at {@code now}, the longest due first. */
    List<Due> due(Instant now, int max) {
        return jdbc.query(
                "select id, job_id, kind, planned_at, due_at from reaction_verifications "
                        + "where outcome is null and due_at <= ? order by due_at, id limit ?",
                (rs, n) -> new Due(
                        rs.getLong("id"),
                        rs.getLong("job_id"),
                        Kind.valueOf(rs.getString("kind")),
                        rs.getTimestamp("planned_at").toInstant(),
                        rs.getTimestamp("due_at").toInstant()),
                Timestamp.from(now),
                max);
    }

    /** Records the check's outcome, once: false when it was resolved already (by another actioner, a recovery). */
    boolean resolve(long id, boolean passed, String detail, Instant now) {
        return jdbc.update(
                        "update reaction_verifications set outcome = ?, detail = ?, resolved_at = ? "
                                + "where id = ? and outcome is null",
                        passed ? "PASSED" : "FAILED",
                        detail,
                        Timestamp.from(now),
                        id)
                == 1;
    }

    /** Keeps what the escalation did about the check's outcome, for the run log. */
    void escalated(long id, String what) {
        jdbc.update("update reaction_verifications set escalation = ? where id = ?", what, id);
    }

    /** Keeps what the escalation did for the checks of the job that passed at a recovery. */
    void escalatedForJob(long jobId, String what) {
        jdbc.update(
                "update reaction_verifications set escalation = ? where job_id = ? and outcome = 'PASSED' "
                        + "and escalation is null",
                what,
                jobId);
    }

    /**
     * At a recovery, inside its transaction: passes the monitor's checks still waiting, the recovery being what they
     * wait for (a drained server put back at the recovery would fail a later look). A recovery after a check's time
     * is left to {@link VerifyWatch}, which fails it. Returns the jobs whose checks passed.
     */
    List<Long> recovered(long monitorId, String monitorName, Instant now) {
        return jdbc.query(
                "update reaction_verifications set outcome = 'PASSED', resolved_at = ?, detail = case kind "
                        + "when 'RECOVERY' then ? || (extract(epoch from (?::timestamptz - planned_at)))::bigint "
                        + "|| ' s after the run, within ' || (extract(epoch from (due_at - planned_at)))::bigint || ' s' "
                        + "else ? end where monitor_id = ? and outcome is null and (kind = 'REACTION' or due_at >= ?) "
                        + "returning job_id",
                (rs, n) -> rs.getLong(1),
                Timestamp.from(now),
                monitorName + " recovered ",
                Timestamp.from(now),
                monitorName + " recovered before this check was due",
                monitorId,
                Timestamp.from(now));
    }

    /** The detail of the job's passed checks, joined, for the skipped step's reason. */
    String passedDetail(long jobId) {
        return String.join(
                "; ",
                jdbc.queryForList(
                        "select detail from reaction_verifications where job_id = ? and outcome = 'PASSED' order by id",
                        String.class,
                        jobId));
    }

    /**
     * Whether the job's escalation step has checks and every one of them passed: the runs of the step did what they
     * were for, so the later steps, there for when they did not, are not needed.
     */
    boolean stepPassed(ReactionJobs.Job job) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select count(*) > 0 and bool_and(v.outcome is not distinct from 'PASSED') from reaction_verifications v "
                        + "join reaction_jobs j on j.id = v.job_id where j.monitor_id = ? and j.episode = ? "
                        + "and j.kind in ('RUN', 'RELEASE') and j.held_for = ? and j.escalation_step = ?",
                Boolean.class,
                job.monitorId(),
                job.episode(),
                job.heldFor(),
                job.escalationStep()));
    }

    /**
     * Skips the runs of the next escalation step that still wait their time (not yet admitted, held or leased): they
     * are recorded as not run with {@code reason} by whichever actioner claims them, at once. Returns the step, or 0
     * when none waited.
     */
    int skipNextStep(ReactionJobs.Job job, String reason) {
        return changeNextStep(job, "admitted_at = now(), skip_reason = ?, not_before = now()", reason);
    }

    /** Makes the runs of the next escalation step that still wait their time due at once. Returns the step, or 0. */
    int hurryNextStep(ReactionJobs.Job job) {
        return changeNextStep(job, "not_before = now()", null);
    }

    private int changeNextStep(ReactionJobs.Job job, String set, String reason) {
        List<Object> args = new java.util.ArrayList<>();
        if (reason != null) {
            args.add(reason);
        }
        args.addAll(List.of(
                job.monitorId(),
                job.episode(),
                job.heldFor(),
                job.escalationStep(),
                job.monitorId(),
                job.episode(),
                job.heldFor()));
        List<Integer> steps = jdbc.query(
                "update reaction_jobs j set " + set + " where j.escalation_step = (select min(escalation_step) "
                        + "from reaction_jobs where monitor_id = ? and episode = ? and kind = 'RUN' and held_for = ? "
                        + "and escalation_step > ?) and j.monitor_id = ? and j.episode = ? and j.kind = 'RUN' "
                        + "and j.held_for = ? and j.finished_at is null and j.admitted_at is null "
                        + "and j.held_kind is null and j.not_before > now() "
                        + "and (j.lease_until is null or j.lease_until < now()) returning j.escalation_step",
                (rs, n) -> rs.getInt(1),
                args.toArray());
        return steps.isEmpty() ? 0 : steps.getFirst();
    }
}
