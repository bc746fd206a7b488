package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the decisions the fold recorded in Redis into PostgreSQL, oldest first, each in one transaction (a run of
 * decisions that can call for no reaction, such as monitors' first results, together in one): the
 * transition's event and one job per reaction run it calls for (the first escalation step's, and at a recovery the
 * restores of what acted on the failure), all keyed by monitor and episode so that a decision written twice inserts
 * nothing twice. A decision leaves Redis only once its transaction committed; while PostgreSQL is stalled or down the
 * fold carries on and the decisions wait, retried with backoff. One actioner drains at a time (a lock in Redis that
 * expires), which keeps each monitor's decisions in order; another takes over when it dies.
 */
@Component
class DecisionLedger implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionLedger.class);
    private static final int BATCH = 100;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DRAINER_LEASE = Duration.ofSeconds(15);
    /** A retry every few seconds at most costs a database that is away nothing, and one that is back waits little. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** A stalled database fails a decision's transaction after this, and the ledger tries again later. */
    private static final int STATEMENT_TIMEOUT_MILLIS = 10_000;
    /** A decision whose data PostgreSQL refuses (not its availability) this many times in a row is set aside. */
    private static final int REFUSALS_BEFORE_SETTING_ASIDE = 5;

    private final RedisScript renewIfOwner = RedisScript.of(DecisionLedger.class, "renew-if-owner.lua");
    private final RedisScript releaseIfOwner = RedisScript.of(DecisionLedger.class, "release-if-owner.lua");

    private final RedisCommands<String, String> redis;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ReactionConfigRepository reactions;
    private final ReactionJobs jobs;
    private final ReactionRunner runner;
    private final JobRunner jobRunner;
    private final DependencyHolds holds;
    private final RunExplanations explanations;
    private final VerifyWatch verifyWatch;
    private final String drainer = "ledger-" + UUID.randomUUID();
    private final WorkLoop loop;
    private final AtomicLong pending = new AtomicLong();
    private final Counter recorded;
    private final Counter refused;
    private final Timer detectionToDecision;
    private final Clock clock;
    private final Duration settle;
    private String lastRefused;
    private int refusals;

    DecisionLedger(
            StatefulRedisConnection<String, String> connection,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            ReactionConfigRepository reactions,
            ReactionJobs jobs,
            ReactionRunner runner,
            JobRunner jobRunner,
            DependencyHolds holds,
            RunExplanations explanations,
            VerifyWatch verifyWatch,
            MeterRegistry meters,
            Clock clock,
            CrbridgeProperties properties) {
        this.clock = clock;
        this.explanations = explanations;

        this.settle = properties.safeguards().settle();
        this.holds = holds;
        this.verifyWatch = verifyWatch;
        this.redis = connection.sync();
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.reactions = reactions;
        this.jobs = jobs;
        this.runner = runner;
        this.jobRunner = jobRunner;
        this.recorded = meters.counter("cloudroutes.actioner.decisions.recorded");
        this.refused = meters.counter("cloudroutes.actioner.decisions.refused");
        this.detectionToDecision = Timer.builder("cloudroutes.actioner.detection.to.decision")
                .description("from the result that made reactions due (its check done) to their jobs committed in "
                        + "PostgreSQL, the part of detection to reaction before a job starts")
                .publishPercentileHistogram()
                .register(meters);
        Gauge.builder("cloudroutes.actioner.decisions.pending", pending, AtomicLong::get)
                .description("decisions folded in Redis and not yet written to PostgreSQL")
                .register(meters);
        // backs off to spare a database that is coming back; the fold does not wait for it
        this.loop = new WorkLoop(
                "crbridge-decisions",
                POLL,
                failures ->
                        Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), POLL.toMillis() << Math.min(failures, 10))),
                new WorkLoop.Messages(
                        log,
                        "cannot write decisions to PostgreSQL, they wait in Redis and are retried " + "error={}",
                        "decisions are written to PostgreSQL again"),
                () -> drain() >= BATCH);
    }

    /** Says that a fold may have recorded a decision, so that it is written now rather than at the next poll. */
    void wake() {
        loop.wake();
    }

    /**
     * Writes the pending decisions, oldest first, unless another actioner is doing so; returns how many were written.
     * A failure leaves the decision, and every later one, pending.
     */
    int drain() {
        pending.set(redis.zcard(RedisKeys.DECISIONS_PENDING));
        String taken = redis.set(
                RedisKeys.DECISIONS_DRAINER, drainer, SetArgs.Builder.nx().px(DRAINER_LEASE.toMillis()));
        if (!"OK".equals(taken)) {
            return 0;
        }
        try {
            List<String> batch = redis.zrange(RedisKeys.DECISIONS_PENDING, 0, BATCH - 1);
            // Decisions that can call for no reaction (a monitor's first result, for one) are written together, in
            // one transaction, so that a burst of them (thousands of monitors imported at once) does not hold up a
            // failure's reactions behind a commit each; the order of all decisions stays as the fold recorded it.
            List<Pending> quiet = new ArrayList<>();
            for (String json : batch) {
                Decision decision;
                try {
                    decision = MessageCodec.fromJson(json, Decision.class);
                } catch (MessageCodec.MalformedMessageException e) {
                    log.error("dropping a pending decision that cannot be read json={} error={}", json, e.getMessage());
                    redis.zrem(RedisKeys.DECISIONS_PENDING, json);
                    continue;
                }
                if (!decision.callsForReactions()) {
                    quiet.add(new Pending(json, decision));
                    continue;
                }
                recordTogether(quiet);
                quiet.clear();
                recordAlone(new Pending(json, decision));
            }
            recordTogether(quiet);
            return batch.size();
        } finally {
            releaseIfOwner.eval(redis, ScriptOutputType.INTEGER, new String[] {RedisKeys.DECISIONS_DRAINER}, drainer);
            pending.set(redis.zcard(RedisKeys.DECISIONS_PENDING));
        }
    }

    /** A decision read from Redis, with the JSON it is kept under there. */
    private record Pending(String json, Decision decision) {}

    /** Writes the decision in a transaction of its own; one PostgreSQL keeps refusing is set aside. */
    private void recordAlone(Pending pending) {
        try {
            record(pending.decision());
        } catch (DataIntegrityViolationException e) {
            if (!refusedAgain(pending.json())) {
                throw e;
            }
            // the database keeps refusing this decision's data: set it aside rather than hold up every other
            log.error(
                    "setting aside a decision PostgreSQL refused {} times, it is kept in {} json={} error={}",
                    REFUSALS_BEFORE_SETTING_ASIDE,
                    RedisKeys.DECISIONS_REFUSED,
                    pending.json(),
                    e.toString());
            redis.rpush(RedisKeys.DECISIONS_REFUSED, pending.json());
            refused.increment();
        }
        written(List.of(pending));
    }

    /** Writes the decisions in one transaction; when PostgreSQL refuses one, each alone, so only that one waits. */
    private void recordTogether(List<Pending> together) {
        if (together.isEmpty()) {
            return;
        }
        if (together.size() == 1) {
            recordAlone(together.getFirst());
            return;
        }
        try {
            recordAll(together.stream().map(Pending::decision).toList());
        } catch (DataIntegrityViolationException e) {
            together.forEach(this::recordAlone);
            return;
        }
        written(together);
    }

    /** The decisions are in PostgreSQL: they leave Redis, and this actioner still drains. */
    private void written(List<Pending> done) {
        redis.zrem(RedisKeys.DECISIONS_PENDING, done.stream().map(Pending::json).toArray(String[]::new));
        recorded.increment(done.size());
        renewIfOwner.eval(
                redis,
                ScriptOutputType.INTEGER,
                new String[] {RedisKeys.DECISIONS_DRAINER},
                drainer,
                String.valueOf(DRAINER_LEASE.toMillis()));
    }

    /** Counts a refusal of the decision; true once it was refused often enough in a row to be set aside. */
    private boolean refusedAgain(String json) {
        if (!json.equals(lastRefused)) {
            lastRefused = json;
            refusals = 0;
        }
        return ++refusals >= REFUSALS_BEFORE_SETTING_ASIDE;
    }

    /** Writes one decision in one transaction; writing it again changes nothing. */
    void record(Decision decision) {
        recordAll(List.of(decision));
    }

    /** What a decision needs before its transaction: the restores remembered in Redis, and a lease for its jobs. */
    private record Prepared(
            Decision decision, boolean recovery, Set<Long> rememberedBefore, ReactionJobs.Lease lease) {}

    /** Writes the decisions, in order, in one transaction; writing them again changes nothing. */
    private void recordAll(List<Decision> decisions) {
        List<Prepared> prepared = new ArrayList<>(decisions.size());
        for (Decision decision : decisions) {
            boolean recovery = decision.transitioned() && decision.current() == Status.HEALTHY;
            // the jobs due now are added leased to this actioner, which runs them as soon as they are committed
            prepared.add(new Prepared(
                    decision,
                    recovery,
                    recovery ? rememberedBeforeJobs(decision.monitorId()) : Set.of(),
                    jobRunner.leaseForNewJobs()));
        }
        List<ReactionJobs.Added> added = transactions.execute(status -> {
            jdbc.execute("set local statement_timeout = " + STATEMENT_TIMEOUT_MILLIS);
            return prepared.stream().map(this::write).toList();
        });
        for (int i = 0; i < prepared.size(); i++) {
            committed(prepared.get(i), added == null ? ReactionJobs.Added.NONE : added.get(i));
        }
    }

    /** The decision's rows, inside the transaction: its event, and the jobs it calls for. */
    private ReactionJobs.Added write(Prepared prepared) {
        Decision decision = prepared.decision();
        List<String> names =
                jdbc.queryForList("select name from monitors where id = ?", String.class, decision.monitorId());
        if (names.isEmpty()) {
            log.debug("dropping a decision of a deleted monitor monitor={}", decision.monitorId());
            return ReactionJobs.Added.NONE;
        }
        StatusChanged change = decision.change(names.getFirst());
        Long eventId = decision.transitioned() ? event(decision) : eventOf(decision);
        ReactionJobs.Added jobs = ReactionJobs.Added.NONE;
        if (prepared.recovery()) {
            // first: a held run is no longer due, and a restore would otherwise wait for it to finish, forever
            this.jobs.finishHeldAtRecovery(decision.monitorId(), names.getFirst());
            // the checks waiting for this recovery pass, and the step they verify needs no later one
            verifyWatch.recovered(decision.monitorId(), names.getFirst());
            jobs = jobs.plus(restores(decision, eventId, change, prepared.rememberedBefore(), prepared.lease()));
            // the monitors that depend on this one and are still failing hear of their own failure now
            jobs = jobs.plus(
                    holds.releaseChildren(decision.monitorId(), names.getFirst(), this.jobs, prepared.lease()));
        }
        if (decision.callsForReactions()) {
            jobs = jobs.plus(firstStep(decision, eventId, change, prepared.lease()));
        }
        if (jobs.count() > 0) {
            explanations.decided(decision); // why its runs are due, kept with them
        }
        return jobs;
    }

    /** After the commit: what Redis remembered is taken over, and the decision's jobs start. */
    private void committed(Prepared prepared, ReactionJobs.Added added) {
        Decision decision = prepared.decision();
        if (!prepared.rememberedBefore().isEmpty()) {
            redis.del(RedisKeys.restore(decision.monitorId())); // taken over by the restore jobs just committed
        }
        if (added.count() > 0) {
            detectionToDecision.record(
                    Math.max(0, clock.millis() - decision.detectedAtMillis()), TimeUnit.MILLISECONDS);
            jobRunner.runLeased(prepared.lease(), added.leased());
            if (added.count() > added.leased().size()) {
                jobRunner.wake(); // jobs for any actioner to claim
            }
        }
    }

    private Long event(Decision decision) {
        List<Long> inserted = jdbc.queryForList(
                "insert into events (monitor_id, from_status, to_status, reason, zone, "
                        + "occurred_at, episode, explanation) values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb)) "
                        + "on conflict (monitor_id, episode) do nothing returning id",
                Long.class,
                decision.monitorId(),
                decision.previous().name(),
                decision.current().name(),
                decision.recordedReason(),
                decision.zone(),
                Timestamp.from(Instant.ofEpochMilli(decision.checkedAtMillis())),
                decision.episode(),
                RunExplanations.json(decision));
        return inserted.isEmpty() ? eventOf(decision) : inserted.getFirst();
    }

    /** The event that began the decision's episode (none for an episode begun before episodes were recorded). */
    private Long eventOf(Decision decision) {
        List<Long> ids = jdbc.queryForList(
                "select id from events where monitor_id = ? and episode = ?",
                Long.class,
                decision.monitorId(),
                decision.episode());
        return ids.isEmpty() ? null : ids.getFirst();
    }

    /**
     * The runs of the lowest escalation step due at this count of the episode; the later steps are added when it
     * finished ({@link JobRunner}).
     */
    private ReactionJobs.Added firstStep(
            Decision decision, Long eventId, StatusChanged change, ReactionJobs.Lease lease) {
        Optional<ReactionPolicy.Step> due = ReactionPolicy.firstStep(
                reactions.findDue(decision.monitorId(), CallOn.runningOn(decision.current()), decision.heldFor()),
                decision.current(),
                decision.heldFor());
        if (due.isEmpty()) {
            return ReactionJobs.Added.NONE;
        }
        int step = due.get().number();
        // a disruptive run settles first, so that the breaker sees a whole wave of failures before its first failover
        Instant settled = settle.isZero() ? null : clock.instant().plus(settle);
        return jobs.add(
                decision.monitorId(),
                eventId,
                decision.episode(),
                change,
                ReactionJobs.Kind.RUN,
                due.get().reactions().stream()
                        .map(r -> new ReactionJobs.Planned(r.getId(), step, 0, runner.disruptive(r) ? settled : null))
                        .toList(),
                null,
                lease);
    }

    /**
     * At a recovery, one restore job per restoring reaction that acted (or may still act) on the failure and was not
     * undone yet. Derived from the jobs in PostgreSQL, so a failover is undone even after Redis lost its data; with
     * the reactions a version before reaction jobs remembered in Redis ({@code rememberedBefore}), so that an upgrade
     * undoes the failovers that were active across it.
     */
    private ReactionJobs.Added restores(
            Decision decision,
            Long eventId,
            StatusChanged change,
            Set<Long> rememberedBefore,
            ReactionJobs.Lease lease) {
        List<ReactionJobs.RestoreCandidate> candidates = jobs.restoreSet(decision.monitorId()).stream()
                .filter(candidate -> runner.restores(candidate.reactionType()))
                .toList();
        // the latest run of each reaction is the one to undo
        Map<Long, ReactionJobs.RestoreCandidate> latest = candidates.stream()
                .collect(Collectors.toMap(
                        ReactionJobs.RestoreCandidate::reactionId, c -> c, (a, b) -> a.jobId() > b.jobId() ? a : b));
        ReactionJobs.Added added = ReactionJobs.Added.NONE;
        for (ReactionJobs.RestoreCandidate candidate : latest.values().stream()
                .sorted(Comparator.comparing(ReactionJobs.RestoreCandidate::reactionId))
                .toList()) {
            added = added.plus(jobs.add(
                    decision.monitorId(),
                    eventId,
                    decision.episode(),
                    change,
                    ReactionJobs.Kind.RESTORE,
                    List.of(new ReactionJobs.Planned(candidate.reactionId(), 1, 0)),
                    candidate.jobId(),
                    lease));
        }
        jobs.restoredIn(
                candidates.stream().map(ReactionJobs.RestoreCandidate::jobId).toList(), decision.episode());
        List<Long> remembered =
                rememberedBefore.stream().filter(id -> !latest.containsKey(id)).toList();
        if (!remembered.isEmpty()) {
            added = added.plus(jobs.add(
                    decision.monitorId(),
                    eventId,
                    decision.episode(),
                    change,
                    ReactionJobs.Kind.RESTORE,
                    reactions.findAttached(decision.monitorId(), remembered).stream()
                            .filter(reaction -> runner.restores(reaction.getReactionType()))
                            .map(reaction -> new ReactionJobs.Planned(reaction.getId(), 1, 0))
                            .toList(),
                    null,
                    lease));
        }
        return added;
    }

    /** The restore set a version before reaction jobs kept in Redis for the monitor (empty once it was taken over). */
    private Set<Long> rememberedBeforeJobs(long monitorId) {
        return redis.smembers(RedisKeys.restore(monitorId)).stream()
                .map(Long::parseLong)
                .collect(Collectors.toSet());
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
