package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.quota.EmailQuota;
import io.cloudroutes.core.redis.RateWindow;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.reactions.ReactionCalls;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.reactions.Verification;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.team.TeamMemberRepository;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs attempts of one reaction for one change, and decides what its rules say around them: whether it may run
 * (frequency, paired notices), when a transient failure is tried again (exponential backoff within the reaction's
 * time budget), what the finished run says. {@link JobRunner} makes these attempts durable jobs.
 */
@Component
class ReactionRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReactionRunner.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final ReactionServices services;
    private final RedisCommands<String, String> redis;
    private final Duration retryBackoff;
    private final MeterRegistry meters;
    private final Optional<SecretBox> secrets;
    private final int emailsPerHour;
    private final Clock clock;
    private final PluginRegistry<ReactionType> types;
    private final TeamMemberRepository members;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ReactionRunner(
            PluginRegistry<ReactionType> types,
            ReactionServices services,
            StatefulRedisConnection<String, String> connection,
            CrbridgeProperties properties,
            MeterRegistry meters,
            Clock clock,
            TeamMemberRepository members) {
        this.types = types;
        this.members = members;
        this.emailsPerHour = properties.quota().emailsPerHour();
        this.clock = clock;
        this.services = services;
        this.redis = connection.sync();
        this.retryBackoff = properties.reactions().retryBackoff();
        this.meters = meters;
        this.secrets = SecretBox.fromOptionalBase64(properties.secretKey());
    }

    /** One attempt and what it produced. */
    record Attempt(int number, ReactionResult result, Instant started, Instant finished) {}

    /**
     * Whether the reaction may run for the change ({@link ReactionPolicy#admit}), taking atomically in Redis what a
     * run needs: its frequency slot (one actioner gets it), or, for the recovery notice of a reaction on both changes,
     * the failure notice it follows. Null when it may run, otherwise why not.
     */
    String admit(StatusChanged change, ReactionConfig reaction) {
        return ReactionPolicy.admit(change, reaction, redisSlots);
    }

    private final ReactionPolicy.Slots redisSlots = new ReactionPolicy.Slots() {
        @Override
        public boolean takeFrequencySlot(long monitorId, ReactionConfig reaction) {
            return ReactionRunner.this.takeFrequencySlot(monitorId, reaction);
        }

        /** Atomically: one actioner gets it. */
        @Override
        public boolean takeOwedRecoveryNotice(long monitorId, ReactionConfig reaction) {
            return redis.srem(RedisKeys.recoveryNotices(monitorId), String.valueOf(reaction.getId())) == 1;
        }

        @Override
        public void oweRecoveryNotice(long monitorId, ReactionConfig reaction) {
            redis.sadd(RedisKeys.recoveryNotices(monitorId), String.valueOf(reaction.getId()));
        }
    };

    private boolean takeFrequencySlot(long monitorId, ReactionConfig reaction) {
        if (reaction.getFrequencySeconds() <= 0) {
            return true;
        }
        String reply = redis.set(
                RedisKeys.reactionLock(monitorId, reaction.getId()),
                Instant.now().toString(),
                SetArgs.Builder.nx().ex(reaction.getFrequencySeconds()));
        return "OK".equals(reply);
    }

    /**
     * Makes attempt {@code number} of a run within {@code timeout}. An email over the account's hourly quota is not
     * tried at all: the run fails saying so, for the person to see on the monitor.
     *
     * @param runKey the run's key, the same for each of its attempts on any actioner (an idempotency key for receivers)
     */
    Attempt attempt(ReactionConfig reaction, StatusChanged change, int number, Duration timeout, String runKey) {
        Instant started = Instant.now();
        Optional<String> overQuota = number == 1 ? emailOverQuota(reaction, change) : Optional.empty();
        ReactionResult result =
                overQuota.map(ReactionResult::failed).orElseGet(() -> runOnce(reaction, change, timeout, runKey));
        return new Attempt(number, result, started, Instant.now());
    }

    /** Whether the run ends with this attempt: its result is final, or no attempts are left. */
    static boolean last(ReactionConfig reaction, Attempt attempt) {
        return attempt.result().outcome() != ReactionOutcome.FAILED
                || !attempt.result().retryable()
                || attempt.number() >= reaction.getMaxAttempts();
    }

    /** The attempt as the last one, saying that the budget leaves no time for another. */
    static Attempt outOfTime(ReactionConfig reaction, Attempt attempt) {
        return new Attempt(
                attempt.number(),
                ReactionResult.retryable(attempt.result().output() + "\n(no time left in the "
                        + reaction.getTimeoutSeconds() + " s budget for another attempt)"),
                attempt.started(),
                attempt.finished());
    }

    /** Whether reactions of this type undo, on recovery, what they did on failure. */
    boolean restores(String reactionType) {
        return types.find(reactionType).map(ReactionType::restoresOnRecovery).orElse(false);
    }

    /** Whether the reaction's runs are disruptive: its own say, else its type's (an unknown type's are not). */
    boolean disruptive(ReactionConfig reaction) {
        return reaction.isDisruptive(types.find(reaction.getReactionType()).orElse(null));
    }

    /**
     * For a reaction that sends an email: counts it against its team's emails per hour, in Redis with every other
     * actioner and crweb, and says why not when the quota is used up. An email that cannot be counted is sent: a
     * failover notice lost is worse than one too many.
     */
    private Optional<String> emailOverQuota(ReactionConfig reaction, StatusChanged change) {
        if (emailsPerHour == 0
                || !types.find(reaction.getReactionType())
                        .map(ReactionType::sendsEmail)
                        .orElse(false)) {
            return Optional.empty();
        }
        Optional<String> refusal;
        try {
            refusal = EmailQuota.take(RateWindow.in(redis), reaction.getTeamId(), emailsPerHour, clock.millis());
        } catch (RuntimeException e) {
            log.warn(
                    "cannot count an email against the quota, sending it anyway monitor={} reaction={} error={}",
                    change.monitorId(),
                    reaction.getId(),
                    e.toString());
            return Optional.empty();
        }
        refusal.ifPresent(why -> {
            meters.counter("cloudroutes.actioner.emails.over.quota").increment();
            log.warn(
                    "email not sent, the team's hourly quota is used up monitor={} reaction={} team={} " + "quota={}",
                    change.monitorId(),
                    reaction.getId(),
                    reaction.getTeamId(),
                    emailsPerHour);
        });
        return refusal;
    }

    /** The wait before attempt {@code number + 1}: the base backoff doubled each time, at most a minute. */
    Duration backoff(int number) {
        Duration wait = retryBackoff.multipliedBy(1L << Math.min(number - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private ReactionResult runOnce(ReactionConfig reaction, StatusChanged change, Duration timeout, String runKey) {
        Optional<ReactionType> type = types.find(reaction.getReactionType());
        if (type.isEmpty()) {
            return ReactionResult.failed("no reaction type '" + reaction.getReactionType() + "' in this actioner");
        }
        try {
            return ReactionCalls.runWithin(
                    executor,
                    ReactionCalls.create(
                            type.get(),
                            reaction.getSettings(),
                            secrets,
                            reaction.secretScope(),
                            services,
                            () -> members.findOnCallEmails(reaction.getTeamId())),
                    change,
                    timeout,
                    runKey);
        } catch (SecretBox.SecretException | ReactionCalls.UnusableSettings e) {
            return ReactionResult.failed(e.getMessage());
        }
    }

    /** Whether the reaction's type checks, after a run, that the run took effect ({@link ReactionType#verifiesRuns}). */
    boolean verifies(ReactionConfig reaction) {
        return types.find(reaction.getReactionType())
                .map(ReactionType::verifiesRuns)
                .orElse(false);
    }

    /**
     * The reaction's own check that its run for this change took effect ({@link io.cloudroutes.reactions.Reaction#verify}),
     * within {@code timeout}; empty when its type has none. A check that cannot be made fails, saying why.
     */
    Optional<Verification> verify(ReactionConfig reaction, StatusChanged change, Duration timeout) {
        Optional<ReactionType> type = types.find(reaction.getReactionType());
        if (type.isEmpty()) {
            return Optional.of(Verification.failed("no reaction type '" + reaction.getReactionType() + "' here"));
        }
        try {
            io.cloudroutes.reactions.Reaction made = ReactionCalls.create(
                    type.get(),
                    reaction.getSettings(),
                    secrets,
                    reaction.secretScope(),
                    services,
                    () -> members.findOnCallEmails(reaction.getTeamId()));
            return executor.submit(() -> made.verify(change, timeout))
                    .get(timeout.plusSeconds(1).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (SecretBox.SecretException | ReactionCalls.UnusableSettings e) {
            return Optional.of(Verification.failed("could not check: " + e.getMessage()));
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.of(Verification.failed("the check did not finish within " + timeout.toSeconds() + " s"));
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Optional.of(Verification.failed("the check failed: "
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Verification.failed("stopped while checking"));
        }
    }

    /** What a finished run says: its last attempt's output, with the attempt count when it took more than one. */
    static String output(ReactionConfig reaction, List<Attempt> tries, boolean restore) {
        ReactionResult result = tries.getLast().result();
        String output = tries.size() == 1
                ? result.output()
                : "attempt " + tries.size() + " of " + reaction.getMaxAttempts() + ": " + result.output();
        return restore ? "restore: " + output : output;
    }

    /** Counts and logs a finished run. */
    void ran(StatusChanged change, ReactionConfig reaction, List<Attempt> tries, boolean restore) {
        ReactionResult result = tries.getLast().result();
        meters.counter(
                        "cloudroutes.actioner.reaction.runs",
                        "type",
                        reaction.getReactionType(),
                        "outcome",
                        result.outcome().name())
                .increment();
        Timer.builder("cloudroutes.actioner.reaction.duration")
                .description("how long reaction runs took, retries " + "and their waits included")
                .tag("type", reaction.getReactionType())
                .tag("outcome", result.outcome().name())
                .register(meters)
                .record(Duration.between(
                        tries.getFirst().started(), tries.getLast().finished()));
        log.info(
                "reaction ran monitor={} reaction={} type={} outcome={} attempts={} restore={}",
                change.monitorId(),
                reaction.getId(),
                reaction.getReactionType(),
                result.outcome(),
                tries.size(),
                restore);
        if (result.outcome() == ReactionOutcome.FAILED) {
            log.warn(
                    "reaction failed monitor={} reaction={} output=\"{}\"",
                    change.monitorId(),
                    reaction.getId(),
                    result.output().replace('\n', ' '));
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
