package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.log.LogContext;
import io.cloudroutes.core.message.RunExplanation;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Claims due reaction jobs from PostgreSQL with a lease and runs them, on any actioner: one attempt per claim, a
 * transient failure handed back with a not-before time for the retry, an escalation's next step added as jobs that
 * wait their time, so nothing of a run lives only in this process. The lease is renewed while a reaction runs; an
 * actioner that dies leaves its jobs to be claimed again when their leases end. At shutdown it stops claiming, lets
 * running reactions finish within the grace period, and hands back the jobs still running after it.
 */
@Component
class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** Reactions one actioner runs at once; more due jobs wait for the next claim (or another actioner). */
    private static final int MAX_RUNNING = 64;
    /** How soon a recovery notice looks again for the failure notice it follows to be decided. */
    private static final Duration ORDER_WAIT = Duration.ofMillis(200);
    /** How soon a job whose handling failed (Redis or PostgreSQL away) is tried again. */
    private static final Duration ERROR_WAIT = Duration.ofSeconds(5);

    private final ReactionJobs jobs;
    private final ReactionRunner runner;
    private final ReactionConfigRepository reactions;
    private final DependencyHolds holds;
    private final List<Safeguards> safeguards;
    private final FlapNotices flapNotices;
    private final RunExplanations explanations;
    private final ShadowRuns shadow;
    private final Verifications verifications;
    private final RedisCommands<String, String> redis;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration shutdownGrace;
    private final Counter reclaimed;
    private final Counter handedBack;
    private final Counter claimedJobs;
    private final Timer detectionToReaction;
    private final Clock clock;
    private final Map<Long, Thread> running = new ConcurrentHashMap<>();
    private final WorkLoop loop;
    private volatile String owner;
    private volatile boolean stopping;
    private long nextRenewal;

    JobRunner(
            ReactionJobs jobs,
            ReactionRunner runner,
            ReactionConfigRepository reactions,
            DependencyHolds holds,
            ObjectProvider<Safeguards> safeguards,
            FlapNotices flapNotices,
            RunExplanations explanations,
            ShadowRuns shadow,
            Verifications verifications,
            StatefulRedisConnection<String, String> connection,
            CrbridgeProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.clock = clock;
        this.explanations = explanations;
        this.shadow = shadow;
        this.holds = holds;
        this.safeguards = safeguards.orderedStream().toList();
        this.flapNotices = flapNotices;
        this.verifications = verifications;
        this.jobs = jobs;
        this.runner = runner;
        this.reactions = reactions;
        this.redis = connection.sync();
        this.lease = properties.reactions().lease();
        this.pollInterval = properties.reactions().pollInterval();
        this.shutdownGrace = properties.reactions().timeout();
        this.reclaimed = Counter.builder("cloudroutes.actioner.leases.reclaimed")
                .description("reaction jobs claimed again after the actioner holding them stopped renewing its lease")
                .register(meters);
        this.handedBack = Counter.builder("cloudroutes.actioner.jobs.handed.back")
                .description("reaction jobs still running at shutdown, handed back for another actioner")
                .register(meters);
        this.claimedJobs = Counter.builder("cloudroutes.actioner.jobs.claimed")
                .description("reaction jobs claimed from PostgreSQL rather than run by the actioner that decided them: "
                        + "retries, later escalation steps, jobs an actioner had no room for or left behind")
                .register(meters);
        this.detectionToReaction = Timer.builder("cloudroutes.actioner.detection.to.reaction")
                .description("from the result that made a reaction due (its check done) to the start of the "
                        + "reaction's first attempt (across hosts, includes their clocks' difference)")
                .publishPercentileHistogram()
                .register(meters);
        this.loop = new WorkLoop(
                "crbridge-reaction-jobs",
                pollInterval.compareTo(lease.dividedBy(3)) < 0 ? pollInterval : lease.dividedBy(3),
                failures -> Duration.ofSeconds(1),
                new WorkLoop.Messages(
                        log,
                        "cannot claim reaction jobs, retrying every second error={}",
                        "reaction jobs are claimed again"),
                this::claimRound);
    }

    /** Says that jobs were added, so that they are claimed now rather than at the next poll. */
    void wake() {
        loop.wake();
    }

    /** The name this actioner holds leases under (a new one each start, so a stale thread cannot act on a job). */
    String owner() {
        return owner;
    }

    /**
     * The lease that jobs this actioner decides are added with, so that it runs them at once ({@link #runLeased})
     * rather than claiming them first; null while it has no room for more (they are added for any actioner to claim)
     * or is stopped.
     */
    ReactionJobs.Lease leaseForNewJobs() {
        String current = owner;
        return current != null && !stopping && running.size() < MAX_RUNNING
                ? new ReactionJobs.Lease(current, lease)
                : null;
    }

    /**
     * Runs jobs just added leased to this actioner ({@link #leaseForNewJobs}). Were they leased before a restart or
     * while it stops, they are handed back at once, for whoever claims first, instead of waiting out their lease.
     */
    void runLeased(ReactionJobs.Lease leasedWith, List<ReactionJobs.Job> leased) {
        if (leased.isEmpty()) {
            return;
        }
        synchronized (running) {
            if (!stopping && leasedWith.owner().equals(owner)) {
                leased.forEach(this::start);
                return;
            }
        }
        jobs.release(
                leasedWith.owner(), leased.stream().map(ReactionJobs.Job::id).toList());
        wake();
    }

    /** One round: renews the leases of the running jobs when due, claims what this actioner has room for. */
    private boolean claimRound() {
        if (System.nanoTime() >= nextRenewal) {
            if (!running.isEmpty()) {
                jobs.renew(owner, Set.copyOf(running.keySet()), lease);
            }
            nextRenewal = System.nanoTime() + lease.toNanos() / 3;
        }
        int free = MAX_RUNNING - running.size();
        List<ReactionJobs.Job> claimed = free > 0 ? jobs.claim(owner, lease, free, clock.instant()) : List.of();
        claimedJobs.increment(claimed.size());
        for (ReactionJobs.Job job : claimed) {
            if (job.reclaimed()) {
                reclaimed.increment();
                log.warn(
                        "reaction job claimed again after its lease ended job={} monitor={} reaction={}",
                        job.id(),
                        job.monitorId(),
                        job.reactionId());
            }
            start(job);
        }
        return !claimed.isEmpty();
    }

    private void start(ReactionJobs.Job job) {
        Thread thread =
                Thread.ofVirtual().name("crbridge-reaction-job-" + job.id()).unstarted(() -> handle(job));
        running.put(job.id(), thread);
        thread.start();
    }

    private void handle(ReactionJobs.Job job) {
        String holder = owner;
        // every line about the job, the reaction's own included (ReactionCalls carries the context), names it
        try (LogContext.Scope ignored = LogContext.job(job.monitorId(), job.reactionId(), job.id())) {
            work(job, holder);
        } catch (RuntimeException e) {
            log.error(
                    "could not handle a reaction job, trying again later job={} monitor={} error={}",
                    job.id(),
                    job.monitorId(),
                    e.toString());
            try {
                jobs.later(job, holder, ERROR_WAIT);
            } catch (RuntimeException again) {
                // PostgreSQL is away: the lease ends by itself and the job is claimed again
            }
        } finally {
            running.remove(job.id(), Thread.currentThread());
        }
    }

    private void work(ReactionJobs.Job job, String holder) {
        Optional<ReactionConfig> attached = reactions.findAttached(job.monitorId(), List.of(job.reactionId())).stream()
                .findFirst();
        if (attached.isEmpty()) {
            jobs.finishWithoutRun(job, holder, "DETACHED");
            return;
        }
        ReactionConfig reaction = attached.get();
        StatusChanged change = job.change();
        boolean restore = job.kind() == ReactionJobs.Kind.RESTORE;
        if (restore) {
            switch (jobs.source(job)) {
                case UNFINISHED -> {
                    jobs.later(job, holder, ORDER_WAIT); // the failover is still running: undo it once it is done
                    return;
                }
                case DID_NOT_ACT -> {
                    jobs.finishWithoutRun(job, holder, "NOT_NEEDED");
                    return;
                }
                case EXECUTED -> {
                    if (job.attempts() == 0) { // once, not at each retry
                        explain(job, reaction, RunExplanation.Verdict.RUN, "undoes what its failure's run did", null);
                    }
                }
            }
        } else if (job.admittedAt() == null) {
            if (reaction.getCallOn() == CallOn.BOTH && change.to() == Status.HEALTHY && jobs.earlierRunUndecided(job)) {
                jobs.later(job, holder, ORDER_WAIT);
                return;
            }
            boolean released = job.kind() == ReactionJobs.Kind.RELEASE;
            boolean unheld = job.releasedBy() != null; // a safeguard held it and it was let go
            Optional<DependencyHolds.FailedParent> holding =
                    change.to() == Status.FAILED ? holds.failedParent(job.monitorId(), null) : Optional.empty();
            String skip;
            Long heldBy = null;
            if ((job.escalationStep() > 1 || released || unheld) && !stillHolds(job, change)) {
                skip = ReactionPolicy.noLongerHolds(
                        change,
                        false,
                        released
                                ? " when its parent recovered"
                                : unheld ? " when its hold was released" : " when this escalation step was due");
            } else if (holding.isPresent()) {
                skip = holding.get().heldReason(); // the parent's own reactions are the notice
                heldBy = holding.get().id();
            } else {
                String unheard = change.to() == Status.HEALTHY ? holds.unheardFailure(job, change) : null;
                if (unheard == null && shadow.applies(job, reaction)) {
                    wouldRun(job, holder, reaction, change, true); // decided, recorded, and nothing acts
                    return;
                }
                if (unheard == null) {
                    // before the frequency slot: a held run takes none, and uses up nothing it would need once released
                    Optional<Safeguards.Hold> hold = safeguardHold(job, reaction, change);
                    if (hold.isPresent()) {
                        held(job, holder, reaction, change, hold.get());
                        return;
                    }
                }
                skip = unheard != null
                        ? unheard
                        : flapNotices.admit(
                                job, change, runner.disruptive(reaction), () -> runner.admit(change, reaction));
            }
            if (!jobs.admit(job, holder, skip, heldBy)) {
                return; // the lease was lost: whoever holds the job now decides
            }
            explain(
                    job,
                    reaction,
                    skip == null ? RunExplanation.Verdict.RUN : RunExplanation.Verdict.SKIPPED,
                    skip,
                    heldBy);
            if (skip != null) {
                skipped(job, holder, reaction, change, skip);
                // the parent may have recovered while this was decided, its recovery finding nothing held yet
                if (heldBy != null && holds.releaseIfRecovered(job.monitorId(), holding.get(), jobs)) {
                    wake();
                }
                return;
            }
        } else if (job.skipReason() != null && job.skipReason().startsWith(ShadowRuns.PREFIX)) {
            wouldRun(job, holder, reaction, change, false); // decided before a crash, not recorded yet
            return;
        } else if (job.skipReason() != null) {
            skipped(job, holder, reaction, change, job.skipReason()); // decided before a crash, not recorded yet
            return;
        }
        attempt(job, holder, reaction, change, restore);
    }

    private void attempt(
            ReactionJobs.Job job, String holder, ReactionConfig reaction, StatusChanged change, boolean restore) {
        if (!restore && job.attempts() == 0 && job.escalationStep() == 1) {
            // later steps and retries wait on purpose: only a first step's first attempt says how fast CloudRoutes acts
            detectionToReaction.record(Math.max(0, clock.millis() - change.detectedAt()), TimeUnit.MILLISECONDS);
        }
        Duration budget = Duration.ofSeconds(reaction.getTimeoutSeconds());
        Instant firstStarted = job.firstStartedAt() == null ? Instant.now() : job.firstStartedAt();
        Instant deadline = firstStarted.plus(budget);
        Duration left = Duration.between(Instant.now(), deadline);
        ReactionRunner.Attempt attempt = runner.attempt(
                reaction,
                restore ? change : flapNotices.told(job, change),
                job.attempts() + 1,
                left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left,
                runKey(job));
        boolean last = ReactionRunner.last(reaction, attempt);
        Duration backoff = runner.backoff(attempt.number());
        if (!last && !Instant.now().plus(backoff).isBefore(deadline)) {
            attempt = ReactionRunner.outOfTime(reaction, attempt);
            last = true;
        }
        if (!jobs.addAttempt(job, holder, attempt)) {
            return; // handed back or taken over meanwhile: the attempt is not this actioner's to record
        }
        if (!last) {
            jobs.later(job, holder, backoff);
            log.info(
                    "reaction attempt failed, retrying monitor={} reaction={} attempt={} inMillis={}",
                    job.monitorId(),
                    reaction.getId(),
                    attempt.number(),
                    backoff.toMillis());
            return;
        }
        List<ReactionRunner.Attempt> tries = jobs.attempts(job.id());
        if (jobs.finish(
                job,
                holder,
                reaction.getName(),
                attempt.result().outcome(),
                job.kind() == ReactionJobs.Kind.RELEASE
                        ? "held, now run: the monitor it depends on recovered and " + change.monitorName()
                                + " is still failing; " + ReactionRunner.output(reaction, tries, restore)
                        : job.releasedBy() != null
                                ? "held, now run: released by " + job.releasedBy() + "; "
                                        + ReactionRunner.output(reaction, tries, restore)
                                : ReactionRunner.output(reaction, tries, restore),
                tries.size(),
                tries.getFirst().started(),
                attempt.finished())) {
            runner.ran(change, reaction, tries, restore);
            if (!restore) {
                planChecks(job, reaction, change, attempt.result().outcome());
                nextStep(job, change);
            }
        }
    }

    /**
     * The key of the job's run, passed to receivers that de-duplicate: its job's id never changes, whichever actioner
     * makes which attempt, so a run made again after a crash carries the key of the first try.
     */
    static String runKey(ReactionJobs.Job job) {
        return "cloudroutes-run-" + job.id();
    }

    private void skipped(
            ReactionJobs.Job job, String holder, ReactionConfig reaction, StatusChanged change, String why) {
        Instant now = Instant.now();
        ReactionRunner.Attempt attempt = new ReactionRunner.Attempt(1, ReactionResult.skipped(why), now, now);
        if (jobs.addAttempt(job, holder, attempt)
                && jobs.finish(job, holder, reaction.getName(), ReactionOutcome.SKIPPED, why, 1, now, now)) {
            runner.ran(change, reaction, List.of(attempt), false);
            nextStep(job, change);
        }
    }

    /** Keeps an admission verdict with the run's explanation. */
    private void explain(
            ReactionJobs.Job job,
            ReactionConfig reaction,
            RunExplanation.Verdict verdict,
            String reason,
            Long heldByMonitor) {
        explanations.admitted(
                job,
                reaction,
                runner.disruptive(reaction),
                explanations.verdict(verdict, reason, null, heldByMonitor, job.releasedBy()));
    }

    /**
     * Records a shadow run: admitted with what it would have done (so a crash before it is recorded does not run it),
     * then finished WOULD_RUN. It took no frequency slot and no quota; nothing acted, so nothing is restored.
     */
    private void wouldRun(
            ReactionJobs.Job job, String holder, ReactionConfig reaction, StatusChanged change, boolean admitting) {
        String output = admitting ? shadow.output(reaction, change) : job.skipReason();
        if (admitting) {
            if (!jobs.admit(job, holder, output)) {
                return;
            }
            explain(job, reaction, RunExplanation.Verdict.WOULD_RUN, output, null);
        }
        Instant now = Instant.now();
        ReactionRunner.Attempt attempt =
                new ReactionRunner.Attempt(1, new ReactionResult(ReactionOutcome.WOULD_RUN, output, false), now, now);
        if (jobs.addAttempt(job, holder, attempt)
                && jobs.finish(job, holder, reaction.getName(), ReactionOutcome.WOULD_RUN, output, 1, now, now)) {
            runner.ran(change, reaction, List.of(attempt), false);
            nextStep(job, change);
        }
    }

    /** The first hold a safeguard puts on the run, asking them in order; none when all pass. */
    private Optional<Safeguards.Hold> safeguardHold(
            ReactionJobs.Job job, ReactionConfig reaction, StatusChanged change) {
        Safeguards.Admission admission =
                new Safeguards.Admission(change, runner.disruptive(reaction), job.releasedFrom(), clock.instant());
        for (Safeguards safeguard : safeguards) {
            if (safeguard.admit(job, reaction, admission) instanceof Safeguards.Hold hold) {
                return Optional.of(hold);
            }
        }
        return Optional.empty();
    }

    /**
     * Records the hold (a HELD run, the job left for a release) and lets the escalation go on: a held run counts as
     * decided for its step ({@link ReactionJobs#stepFinished}).
     */
    private void held(
            ReactionJobs.Job job, String holder, ReactionConfig reaction, StatusChanged change, Safeguards.Hold hold) {
        Instant now = clock.instant();
        if (!jobs.hold(job, holder, reaction.getName(), hold, now)) {
            return; // the lease was lost: whoever holds the job now decides
        }
        explanations.admitted(
                job,
                reaction,
                runner.disruptive(reaction),
                explanations.verdict(
                        RunExplanation.Verdict.HELD, hold.reason(), hold.kind().name(), null, job.releasedBy()));
        log.info(
                "reaction run held monitor={} reaction={} kind={} reason=\"{}\"",
                job.monitorId(),
                reaction.getId(),
                hold.kind(),
                hold.reason());
        runner.ran(
                change,
                reaction,
                List.of(new ReactionRunner.Attempt(
                        1, new ReactionResult(ReactionOutcome.HELD, hold.reason(), false), now, now)),
                false);
        nextStep(job, change);
    }

    /**
     * Plans the checks that an executed run on a failure took effect ({@link VerifyWatch}): the monitor recovers within
     * the reaction's time, and the reaction's own look at its target, when its type has one.
     */
    private void planChecks(
            ReactionJobs.Job job, ReactionConfig reaction, StatusChanged change, ReactionOutcome outcome) {
        if (outcome != ReactionOutcome.EXECUTED || change.to() != Status.FAILED) {
            return;
        }
        Instant now = clock.instant();
        if (reaction.getVerifyWithinSeconds() != null) {
            verifications.plan(
                    job, Verifications.Kind.RECOVERY, now, Duration.ofSeconds(reaction.getVerifyWithinSeconds()));
        }
        if (runner.verifies(reaction)) {
            verifications.plan(job, Verifications.Kind.REACTION, now, Verifications.SETTLE);
        }
    }

    /**
     * Once every run of an escalation step finished, adds the next step's runs, to wait their time; when the monitor
     * no longer has the status they are due at once, to be recorded as not run. A step whose runs were all verified
     * to have worked ends the escalation: the later steps are there for when they did not.
     */
    private void nextStep(ReactionJobs.Job job, StatusChanged change) {
        if (!jobs.stepFinished(job)) {
            return; // the last run of the step to finish adds the next one
        }
        if ((job.skipReason() != null && job.skipReason().startsWith(Verifications.VERIFIED))
                || verifications.stepPassed(job)) {
            log.info(
                    "escalation ends, the step's runs were verified monitor={} step={}",
                    job.monitorId(),
                    job.escalationStep());
            return;
        }
        addNextStep(job, change, false);
    }

    /**
     * Adds the next escalation step's runs due at once, whatever the state of the job's own step: a check found that
     * the job's run did not work. Returns the step (0: the reaction has no later step).
     */
    int escalateNow(ReactionJobs.Job job, StatusChanged change) {
        return addNextStep(job, change, true);
    }

    private int addNextStep(ReactionJobs.Job job, StatusChanged change, boolean atOnce) {
        Optional<ReactionPolicy.Step> following = ReactionPolicy.stepAfter(
                reactions.findDue(job.monitorId(), CallOn.runningOn(change.to()), job.heldFor()),
                change.to(),
                job.heldFor(),
                job.escalationStep());
        if (following.isEmpty()) {
            return 0;
        }
        int step = following.get().number();
        List<ReactionConfig> next = following.get().reactions();
        int wait = atOnce
                ? 0
                : (int) ReactionPolicy.escalationWait(following.get(), stillHolds(job, change))
                        .toSeconds();
        jobs.add(
                job.monitorId(),
                job.eventId(),
                job.episode(),
                change,
                ReactionJobs.Kind.RUN,
                next.stream()
                        .map(r -> new ReactionJobs.Planned(r.getId(), step, wait))
                        .toList(),
                null,
                null);
        log.info(
                "escalation step added monitor={} step={} reactions={} dueInSeconds={}",
                job.monitorId(),
                step,
                next.stream().map(ReactionConfig::getId).toList(),
                wait);
        wake();
        return step;
    }

    /** Whether the monitor still has the status of the job's episode (the live state in Redis says so). */
    private boolean stillHolds(ReactionJobs.Job job, StatusChanged change) {
        return FoldKeys.LIVE.stillHolds(redis, job.monitorId(), change.to(), job.episode());
    }

    @Override
    public void start() {
        owner = actionerName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        stopping = false;
        nextRenewal = 0;
        loop.start();
    }

    /**
     * Stops claiming, waits up to the grace period for the running reactions, and hands back (lease released, at
     * once claimable by any actioner) the jobs of those still running.
     */
    @Override
    public void stop() {
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        synchronized (running) {
            stopping = true; // from here no job is started, so the ones running below are all there are to hand back
        }
        loop.stop();
        try {
            for (Thread thread : List.copyOf(running.values())) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<Long> left = Set.copyOf(running.keySet());
        if (!left.isEmpty()) {
            String holder = owner;
            try {
                int released = jobs.release(holder, left);
                handedBack.increment(released);
                log.warn(
                        "reactions still running after the {} s grace period, handed back jobs={}",
                        shutdownGrace.toSeconds(),
                        left);
            } catch (RuntimeException e) {
                log.warn(
                        "could not hand back reaction jobs, they are claimed again when their leases end jobs={} "
                                + "error={}",
                        left,
                        e.toString());
            }
            running.values().forEach(Thread::interrupt);
        }
        owner = null;
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** The host and process, for a person reading who holds a lease (no name lookup: the environment says it). */
    private static String actionerName() {
        return Env.system().get("HOSTNAME", "actioner") + "-"
                + ProcessHandle.current().pid();
    }
}
