package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.store.reaction.HeldRuns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reaction jobs in PostgreSQL: written by the {@link DecisionLedger}, claimed with a lease by any actioner's
 * {@link JobRunner}, finished once. Every change of a claimed job is made only while the caller still holds its lease,
 * so an actioner that lost a job (its lease expired, it handed it back) can no longer record anything for it. Times
 * are PostgreSQL's, so that actioners with skewed clocks agree on leases and not-before times.
 */
@Component
class ReactionJobs {

    /**
     * A run of a reaction for a decision, the restore, at recovery, of what a reaction did on the failure, or the run,
     * once a parent recovered, of a run held while it was FAILED ({@link DependencyHolds}).
     */
    enum Kind {
        RUN,
        RESTORE,
        RELEASE
    }

    /** How the run a restore undoes ended, as far as the restore needs to know. */
    enum SourceState {
        UNFINISHED,
        EXECUTED,
        DID_NOT_ACT
    }

    /**
     * A claimed job.
     *
     * @param reclaimed its previous lease expired without being handed back (the actioner holding it died)
     * @param releasedFrom the kinds of safeguard hold it was released from, so admission passes them ({@link
     *     Safeguards})
     * @param releasedBy who released its last hold (a person's email, or the safeguard that let it go), else null
     */
    record Job(
            long id,
            long monitorId,
            long reactionId,
            Long eventId,
            String episode,
            Kind kind,
            int escalationStep,
            int heldFor,
            String changeJson,
            Long sourceJobId,
            Instant admittedAt,
            String skipReason,
            int attempts,
            Instant firstStartedAt,
            boolean reclaimed,
            Set<Safeguards.HeldKind> releasedFrom,
            String releasedBy) {

        StatusChanged change() {
            return MessageCodec.fromJson(changeJson, StatusChanged.class);
        }
    }

    /**
     * A reaction run due: which reaction, at which escalation step, after how many seconds; {@code settleUntil}, when
     * not null, is when a disruptive run may be claimed at the earliest, on the application's clock (the breaker's
     * settle delay, {@link BlastRadius}).
     */
    record Planned(long reactionId, int escalationStep, int waitSeconds, Instant settleUntil) {

        Planned(long reactionId, int escalationStep, int waitSeconds) {
            this(reactionId, escalationStep, waitSeconds, null);
        }
    }

    private static final String COLUMNS = "j.id, j.monitor_id, j.reaction_id, j.event_id, j.episode, j.kind, "
            + "j.escalation_step, j.held_for, j.change, j.source_job_id, j.admitted_at, j.skip_reason, j.attempts, "
            + "j.first_started_at, j.released_by, "
            + "(select string_agg(k, ',') from jsonb_array_elements_text(j.explanation -> 'released') k) as released_from";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final HeldRuns heldRuns;

    ReactionJobs(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, HeldRuns heldRuns) {
        this.jdbc = jdbc;
        this.heldRuns = heldRuns;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * The lease a job is added with, so that the actioner that decided it runs it at once instead of claiming it
     * first (a round trip and a commit less between a detection and its reaction).
     */
    record Lease(String owner, Duration length) {}

    /** What {@link #add} added: how many jobs, and those of them leased as asked (due now), to be run by the lessee. */
    record Added(int count, List<Job> leased) {

        static final Added NONE = new Added(0, List.of());

        Added plus(Added other) {
            List<Job> both = new ArrayList<>(leased);
            both.addAll(other.leased);
            return new Added(count + other.count, both);
        }
    }

    /**
     * Adds the runs a decision calls for; a run added before (the same decision drained twice) is not added again.
     * Runs due now are added leased to {@code lease} when given, and returned so that their lessee runs them.
     */
    Added add(
            long monitorId,
            Long eventId,
            String episode,
            StatusChanged change,
            Kind kind,
            List<Planned> runs,
            Long sourceJobId,
            Lease lease) {
        int count = 0;
        List<Job> leased = new ArrayList<>();
        for (Planned run : runs) {
            boolean leasing = lease != null && run.waitSeconds() == 0 && run.settleUntil() == null;
            List<Job> inserted = jdbc.query(
                    "insert into reaction_jobs as j (monitor_id, reaction_id, event_id, "
                            + "episode, kind, escalation_step, to_status, held_for, change, source_job_id, not_before, "
                            + "lease_owner, lease_until, settle_until) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            + "now() + ? * interval '1 second', ?, now() + cast(? as bigint) * interval '1 millisecond', ?) "
                            + "on conflict (monitor_id, episode, reaction_id, kind) do nothing returning " + COLUMNS
                            + ", false as reclaimed",
                    ReactionJobs::job,
                    monitorId,
                    run.reactionId(),
                    eventId,
                    episode,
                    kind.name(),
                    run.escalationStep(),
                    change.to().name(),
                    change.heldFor(),
                    MessageCodec.toJson(change),
                    sourceJobId,
                    run.waitSeconds(),
                    leasing ? lease.owner() : null,
                    leasing ? lease.length().toMillis() : null,
                    run.settleUntil() == null ? null : Timestamp.from(run.settleUntil()));
            count += inserted.size();
            if (leasing) {
                leased.addAll(inserted);
            }
        }
        return new Added(count, leased);
    }

    /**
     * Claims up to {@code max} due jobs that nobody holds (never claimed, handed back, or whose lease expired), for
     * {@code owner} until the lease ends. Two actioners never claim the same job: rows another one is claiming are
     * skipped, not waited for. A disruptive run still settling ({@code settle_until} after {@code now}, the
     * application's clock) is not due yet.
     */
    List<Job> claim(String owner, Duration lease, int max, Instant now) {
        return jdbc.query(
                "with due as (select id, lease_owner is not null as reclaimed from reaction_jobs "
                        + "where finished_at is null and not_before <= now() and (lease_until is null or lease_until < now()) "
                        + "and (settle_until is null or settle_until <= ?) "
                        + "order by not_before, id limit ? for update skip locked) "
                        + "update reaction_jobs j set lease_owner = ?, lease_until = now() + ? * interval '1 millisecond' "
                        + "from due where j.id = due.id returning " + COLUMNS + ", due.reclaimed",
                ReactionJobs::job,
                Timestamp.from(now),
                max,
                owner,
                lease.toMillis());
    }

    /** The job, as a claim would read it, whatever its state; empty when it is gone. */
    java.util.Optional<Job> find(long id) {
        return jdbc
                .query(
                        "select " + COLUMNS + ", false as reclaimed from reaction_jobs j where j.id = ?",
                        ReactionJobs::job,
                        id)
                .stream()
                .findFirst();
    }

    /** Extends the leases of the jobs {@code owner} is running. */
    void renew(String owner, Collection<Long> ids, Duration lease) {
        jdbc.update(
                "update reaction_jobs set lease_until = now() + ? * interval '1 millisecond' "
                        + "where lease_owner = ? and id = any(string_to_array(?, ',')::bigint[])",
                lease.toMillis(),
                owner,
                csv(ids));
    }

    /** Hands jobs back, so that any actioner claims them at once; returns how many were. */
    int release(String owner, Collection<Long> ids) {
        return jdbc.update(
                "update reaction_jobs set lease_owner = null, lease_until = now() "
                        + "where lease_owner = ? and finished_at is null and id = any(string_to_array(?, ',')::bigint[])",
                owner,
                csv(ids));
    }

    /** Hands a job back to be claimed again after {@code wait} (a retry's backoff, or an order to wait for). */
    boolean later(Job job, String owner, Duration wait) {
        return jdbc.update(
                        "update reaction_jobs set lease_owner = null, lease_until = null, "
                                + "not_before = now() + ? * interval '1 millisecond' where id = ? and lease_owner = ?",
                        wait.toMillis(),
                        job.id(),
                        owner)
                == 1;
    }

    /** Records that the job may run ({@code skipReason} null) or why not, once, so a re-claim does not decide again. */
    boolean admit(Job job, String owner, String skipReason) {
        return admit(job, owner, skipReason, null);
    }

    /** Records the admission, and the parent whose failure holds the run ({@code heldBy}, null when none). */
    boolean admit(Job job, String owner, String skipReason, Long heldBy) {
        return jdbc.update(
                        "update reaction_jobs set admitted_at = now(), skip_reason = ?, held_by = ? "
                                + "where id = ? and lease_owner = ?",
                        skipReason,
                        heldBy,
                        job.id(),
                        owner)
                == 1;
    }

    /**
     * Holds the job for a safeguard, in one transaction: a HELD run with the reason on the monitor's record, and the job
     * left unfinished but unclaimable (not before 'infinity', its lease handed back) until {@link #release(long,
     * String)}. It is not admitted, so admission runs again after the release. False when the lease was lost meanwhile.
     */
    boolean hold(Job job, String owner, String reactionName, Safeguards.Hold hold, Instant at) {
        Boolean done = transactions.execute(status -> {
            if (jdbc.update(
                            "update reaction_jobs set held_kind = ?, held_reason = ?, held_at = now(), hold_until = ?, "
                                    + "released_by = null, released_at = null, not_before = 'infinity', "
                                    + "lease_owner = null, lease_until = null where id = ? and lease_owner = ? "
                                    + "and finished_at is null",
                            hold.kind().name(),
                            hold.reason(),
                            hold.until() == null ? null : Timestamp.from(hold.until()),
                            job.id(),
                            owner)
                    == 0) {
                return false;
            }
            jdbc.update(
                    "insert into reaction_runs (monitor_id, reaction_id, reaction_name, event_id, outcome, output, "
                            + "started_at, finished_at, attempts, restore) values (?, ?, ?, ?, ?, ?, ?, ?, 0, false)",
                    job.monitorId(),
                    job.reactionId(),
                    reactionName,
                    job.eventId(),
                    ReactionOutcome.HELD.name(),
                    hold.reason(),
                    Timestamp.from(at),
                    Timestamp.from(at));
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /**
     * Releases a held job, so that any actioner claims it at once and admits it again past the safeguard that held it.
     * Only the first of concurrent releases counts (the update is conditional on the job being held and not released):
     * true for that one, false for the others, for a job not held and for one already finished.
     */
    boolean release(long jobId, String by) {
        return heldRuns.release(jobId, by);
    }

    /** A run held now and not released: what a person sees waiting for them. */
    record Held(long jobId, long reactionId, Safeguards.HeldKind kind, String reason, Instant heldAt, Instant until) {}

    /** The monitor's runs held now and not released, oldest first. */
    List<Held> held(long monitorId) {
        return jdbc.query(
                "select id, reaction_id, held_kind, held_reason, held_at, hold_until from reaction_jobs j "
                        + "where monitor_id = ? and " + HeldRuns.HELD_NOW + " order by held_at, id",
                (rs, n) -> new Held(
                        rs.getLong("id"),
                        rs.getLong("reaction_id"),
                        Safeguards.HeldKind.valueOf(rs.getString("held_kind")),
                        rs.getString("held_reason"),
                        rs.getTimestamp("held_at").toInstant(),
                        rs.getTimestamp("hold_until") == null
                                ? null
                                : rs.getTimestamp("hold_until").toInstant()),
                monitorId);
    }

    /**
     * At a recovery, inside its transaction: finishes the runs held on the monitor's failure and not released, each
     * recorded as not run, so that nothing waits on them (a restore would wait for an unfinished run forever) and a
     * late release finds nothing to run. Returns how many it finished.
     */
    int finishHeldAtRecovery(long monitorId, String monitorName) {
        record Stale(long id, long reactionId, Long eventId, String reason) {}
        List<Stale> held = jdbc.query(
                "select id, reaction_id, event_id, held_reason from reaction_jobs j where monitor_id = ? "
                        + "and to_status = 'FAILED' and " + HeldRuns.HELD_NOW + " order by id for update",
                (rs, n) -> new Stale(
                        rs.getLong("id"),
                        rs.getLong("reaction_id"),
                        rs.getObject("event_id", Long.class),
                        rs.getString("held_reason")),
                monitorId);
        for (Stale job : held) {
            String output = "not run: " + monitorName + " recovered while held (" + job.reason() + ")";
            Long runId = jdbc.queryForObject(
                    "insert into reaction_runs (monitor_id, reaction_id, reaction_name, event_id, outcome, output, "
                            + "started_at, finished_at, attempts, restore) select ?, r.id, r.name, ?, ?, ?, now(), now(), 1, "
                            + "false from reactions r where r.id = ? returning id",
                    Long.class,
                    monitorId,
                    job.eventId(),
                    ReactionOutcome.SKIPPED.name(),
                    output,
                    job.reactionId());
            jdbc.update(
                    "insert into reaction_attempts (job_id, run_id, attempt, outcome, retryable, output, started_at, "
                            + "finished_at) values (?, ?, 1, ?, false, ?, now(), now())",
                    job.id(),
                    runId,
                    ReactionOutcome.SKIPPED.name(),
                    output);
            jdbc.update(
                    "update reaction_jobs set finished_at = now(), outcome = ?, run_id = ?, skip_reason = ?, "
                            + "admitted_at = coalesce(admitted_at, now()) where id = ?",
                    ReactionOutcome.SKIPPED.name(),
                    runId,
                    output,
                    job.id());
        }
        return held.size();
    }

    /** Keeps one attempt of the job as soon as it is made; false when the lease was lost meanwhile. */
    boolean addAttempt(Job job, String owner, ReactionRunner.Attempt attempt) {
        return jdbc.update(
                        "with j as (update reaction_jobs set attempts = attempts + 1, "
                                + "first_started_at = coalesce(first_started_at, ?) where id = ? and lease_owner = ? "
                                + "returning id, attempts) insert into reaction_attempts (job_id, attempt, outcome, retryable, "
                                + "output, started_at, finished_at) select j.id, j.attempts, ?, ?, ?, ?, ? from j",
                        Timestamp.from(attempt.started()),
                        job.id(),
                        owner,
                        attempt.result().outcome().name(),
                        attempt.result().retryable(),
                        attempt.result().output(),
                        Timestamp.from(attempt.started()),
                        Timestamp.from(attempt.finished()))
                == 1;
    }

    /** The attempts the job made, on any actioner, in order. */
    List<ReactionRunner.Attempt> attempts(long jobId) {
        return jdbc.query(
                "select attempt, outcome, retryable, output, started_at, finished_at from reaction_attempts "
                        + "where job_id = ? order by attempt",
                (rs, n) -> new ReactionRunner.Attempt(
                        rs.getInt("attempt"),
                        new ReactionResult(
                                ReactionOutcome.valueOf(rs.getString("outcome")),
                                rs.getString("output"),
                                rs.getBoolean("retryable")),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("finished_at").toInstant()),
                jobId);
    }

    /**
     * Finishes the job with its run, in one transaction: the run row, its attempts joined to it, the job marked done
     * (so it is never run again). Nothing is written when the lease was lost meanwhile: the actioner holding it now
     * records it.
     */
    boolean finish(
            Job job,
            String owner,
            String reactionName,
            ReactionOutcome outcome,
            String output,
            int attempts,
            Instant started,
            Instant finished) {
        Boolean done = transactions.execute(status -> {
            Long runId = jdbc.queryForObject(
                    "insert into reaction_runs (monitor_id, reaction_id, reaction_name, "
                            + "event_id, outcome, output, started_at, finished_at, attempts, restore) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
                    Long.class,
                    job.monitorId(),
                    job.reactionId(),
                    reactionName,
                    job.eventId(),
                    outcome.name(),
                    output,
                    Timestamp.from(started),
                    Timestamp.from(finished),
                    attempts,
                    job.kind() == Kind.RESTORE);
            jdbc.update("update reaction_attempts set run_id = ? where job_id = ?", runId, job.id());
            if (jdbc.update(
                            "update reaction_jobs set finished_at = now(), outcome = ?, run_id = ?, lease_owner = null, "
                                    + "lease_until = null where id = ? and lease_owner = ?",
                            outcome.name(),
                            runId,
                            job.id(),
                            owner)
                    == 0) {
                status.setRollbackOnly();
                return false;
            }
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** Finishes a job that has nothing to run (its reaction was detached, the failover it would undo never acted). */
    boolean finishWithoutRun(Job job, String owner, String why) {
        return jdbc.update(
                        "update reaction_jobs set finished_at = now(), outcome = ?, lease_owner = null, "
                                + "lease_until = null where id = ? and lease_owner = ?",
                        why,
                        job.id(),
                        owner)
                == 1;
    }

    /**
     * Whether every run of the job's escalation step for the same decision is decided: finished, or held by a safeguard
     * and not released. A held run counts as decided so that the next step comes after its wait as it would have: its
     * notifications tell people while the held failover waits for them, and its disruptive runs meet the same
     * safeguards at their own admission (held too, while the same condition lasts). Were held runs waited for, a hold
     * nobody releases would silence every later step of the escalation. A held run released later finishes as any run
     * and asks for the next step again, which is then already there (jobs are unique per episode and reaction).
     */
    boolean stepFinished(Job job) {
        return !jdbc.queryForObject(
                "select exists (select 1 from reaction_jobs where monitor_id = ? and episode = ? "
                        + "and kind = 'RUN' and held_for = ? and escalation_step = ? and finished_at is null "
                        + "and (held_kind is null or released_at is not null))",
                Boolean.class,
                job.monitorId(),
                job.episode(),
                job.heldFor(),
                job.escalationStep());
    }

    /**
     * Whether an earlier run of the same reaction for the monitor is due and has not been admitted yet: a recovery
     * notice waits for the failure notice it follows to be decided, whichever actioner claimed that one (a later
     * escalation step still waiting its time is no notice that was sent).
     */
    boolean earlierRunUndecided(Job job) {
        return jdbc.queryForObject(
                "select exists (select 1 from reaction_jobs where monitor_id = ? and reaction_id = ? "
                        + "and kind in ('RUN', 'RELEASE') and id < ? and admitted_at is null and finished_at is null and not_before <= now())",
                Boolean.class,
                job.monitorId(),
                job.reactionId(),
                job.id());
    }

    /** How the run that a restore undoes ended. */
    SourceState source(Job restore) {
        if (restore.sourceJobId() == null) {
            return SourceState.EXECUTED; // it acted before reaction jobs were recorded (a restore set kept in Redis)
        }
        List<String> outcome = jdbc.query(
                "select finished_at is null as unfinished, outcome from reaction_jobs " + "where id = ?",
                (rs, n) -> rs.getBoolean("unfinished") ? "" : String.valueOf(rs.getString("outcome")),
                restore.sourceJobId());
        if (outcome.isEmpty()) {
            return SourceState.DID_NOT_ACT;
        }
        return outcome.getFirst().isEmpty()
                ? SourceState.UNFINISHED
                : ReactionOutcome.EXECUTED.name().equals(outcome.getFirst())
                        ? SourceState.EXECUTED
                        : SourceState.DID_NOT_ACT;
    }

    /** A run on a failure that acted, or may still act, and has not been undone: part of the monitor's restore set. */
    record RestoreCandidate(long jobId, long reactionId, String reactionType) {}

    /**
     * The monitor's restore set, derived from its jobs (so it survives a Redis loss): the runs on its failures that
     * acted or are still running and that no recovery has undone yet.
     */
    List<RestoreCandidate> restoreSet(long monitorId) {
        return jdbc.query(
                "select j.id, j.reaction_id, r.reaction_type from reaction_jobs j "
                        + "join reactions r on r.id = j.reaction_id where j.monitor_id = ? and j.kind in ('RUN', 'RELEASE') "
                        + "and j.to_status = 'FAILED' and j.restored_in is null "
                        + "and (j.finished_at is null or j.outcome = 'EXECUTED') order by j.id",
                (rs, n) -> new RestoreCandidate(rs.getLong(1), rs.getLong(2), rs.getString(3)),
                monitorId);
    }

    /** Takes runs out of the restore set: the recovery of {@code episode} undoes them. */
    void restoredIn(Collection<Long> jobIds, String episode) {
        jdbc.update(
                "update reaction_jobs set restored_in = ? where id = any(string_to_array(?, ',')::bigint[])",
                episode,
                csv(jobIds));
    }

    private static Set<Safeguards.HeldKind> releasedFrom(String kinds) {
        return kinds == null
                ? Set.of()
                : Arrays.stream(kinds.split(","))
                        .map(Safeguards.HeldKind::valueOf)
                        .collect(Collectors.toSet());
    }

    private static String csv(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        Timestamp admitted = rs.getTimestamp("admitted_at");
        Timestamp firstStarted = rs.getTimestamp("first_started_at");
        long eventId = rs.getLong("event_id");
        Long event = rs.wasNull() ? null : eventId;
        long sourceId = rs.getLong("source_job_id");
        Long source = rs.wasNull() ? null : sourceId;
        return new Job(
                rs.getLong("id"),
                rs.getLong("monitor_id"),
                rs.getLong("reaction_id"),
                event,
                rs.getString("episode"),
                Kind.valueOf(rs.getString("kind")),
                rs.getInt("escalation_step"),
                rs.getInt("held_for"),
                rs.getString("change"),
                source,
                admitted == null ? null : admitted.toInstant(),
                rs.getString("skip_reason"),
                rs.getInt("attempts"),
                firstStarted == null ? null : firstStarted.toInstant(),
                rs.getBoolean("reclaimed"),
                releasedFrom(rs.getString("released_from")),
                rs.getString("released_by"));
    }
}
