package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.reactions.Verification;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Resolves the checks that executed runs took effect ({@link Verifications}) once they are due, every second, on
 * every actioner, by the application's clock: a monitor not recovered within its reaction's time fails its check; a
 * reaction's own check looks at its target (HAProxy's server state, the DNS answer). A failed check makes the next
 * escalation step due at once (added when it was not yet); once every check of a step passed, the next step still
 * waiting its time is not run ("verified: …") and the escalation of that failure ends. Each check is recorded once:
 * the actioner whose conditional update wins acts on it.
 */
@Component
class VerifyWatch extends EverySecond {

    private static final Logger log = LoggerFactory.getLogger(VerifyWatch.class);
    /** Checks resolved in one round; more wait for the next second. */
    private static final int BATCH = 20;
    /** The longest a reaction's own check may take. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final Verifications verifications;
    private final ReactionJobs jobs;
    private final JobRunner jobRunner;
    private final ReactionRunner runner;
    private final ReactionConfigRepository reactions;
    private final Clock clock;

    VerifyWatch(
            Verifications verifications,
            ReactionJobs jobs,
            JobRunner jobRunner,
            ReactionRunner runner,
            ReactionConfigRepository reactions,
            Clock clock) {
        super("reaction verifications");
        this.verifications = verifications;
        this.jobs = jobs;
        this.jobRunner = jobRunner;
        this.runner = runner;
        this.reactions = reactions;
        this.clock = clock;
    }

    @Override
    void runOnce() {
        for (Verifications.Due due : verifications.due(clock.instant(), BATCH)) {
            jobs.find(due.jobId()).ifPresent(job -> resolve(due, job));
        }
    }

    private void resolve(Verifications.Due due, ReactionJobs.Job job) {
        Optional<ReactionConfig> reaction = reactions.findAttached(job.monitorId(), List.of(job.reactionId())).stream()
                .findFirst();
        Verification found = switch (due.kind()) {
            case RECOVERY ->
                Verification.failed(job.change().monitorName() + " did not recover within "
                        + Duration.between(due.plannedAt(), due.dueAt()).toSeconds() + " s of the run");
            case REACTION ->
                reaction.isEmpty()
                        ? Verification.failed("not checked: the reaction is no longer attached to the monitor")
                        : runner.verify(reaction.get(), job.change(), timeout(reaction.get()))
                                .orElse(Verification.passed("the reaction has no check of its own"));
        };
        Instant now = clock.instant();
        if (!verifications.resolve(due.id(), found.passed(), found.detail(), now)) {
            return; // resolved meanwhile: by another actioner, or by the recovery
        }
        log.info(
                "reaction run verified monitor={} reaction={} job={} kind={} outcome={} detail=\"{}\"",
                job.monitorId(),
                job.reactionId(),
                job.id(),
                due.kind(),
                found.passed() ? "PASSED" : "FAILED",
                found.detail());
        verifications.escalated(due.id(), found.passed() ? afterPassed(job) : afterFailed(job));
    }

    /** The next step due at once, or added so; what was done, for the run log. */
    private String afterFailed(ReactionJobs.Job job) {
        int hurried = verifications.hurryNextStep(job);
        if (hurried > 0) {
            jobRunner.wake();
            return "escalation step " + hurried + " due at once";
        }
        int added = jobRunner.escalateNow(job, job.change());
        return added > 0 ? "escalation step " + added + " due at once" : "no later escalation step";
    }

    /**
     * Once every check of the job's step passed: the next step still waiting is not run, and what was done, for the
     * run log; null when nothing was.
     */
    String afterPassed(ReactionJobs.Job job) {
        if (!verifications.stepPassed(job)) {
            return null;
        }
        int skipped = verifications.skipNextStep(job, Verifications.VERIFIED + verifications.passedDetail(job.id()));
        if (skipped > 0) {
            jobRunner.wake();
            return "escalation step " + skipped + " not run";
        }
        return null;
    }

    /**
     * At a recovery, inside its transaction: the checks it passes, and what that means for the escalation of each
     * (called by the {@link DecisionLedger}).
     */
    void recovered(long monitorId, String monitorName) {
        List<Long> passed = verifications.recovered(monitorId, monitorName, clock.instant());
        for (Long jobId : passed.stream().distinct().toList()) {
            jobs.find(jobId).ifPresent(job -> {
                String what = afterPassed(job);
                if (what != null) {
                    verifications.escalatedForJob(jobId, what);
                }
            });
        }
    }

    private static Duration timeout(ReactionConfig reaction) {
        Duration own = Duration.ofSeconds(reaction.getTimeoutSeconds());
        return own.compareTo(CHECK_TIMEOUT) < 0 ? own : CHECK_TIMEOUT;
    }
}
