package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.quota.EmailQuota;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.reactions.ReactionCalls;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.history.ReactionAttempt;
import io.cloudroutes.store.history.ReactionAttemptRepository;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Runs one reaction for one change and records it: a transient failure is tried again with exponential backoff
 * while the reaction's time budget lasts, every attempt is kept, and a restoring reaction that acted on a failure is
 * remembered so that the recovery undoes it.
 */
@Component
class ReactionRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReactionRunner.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final ReactionRunRepository runs;
    private final ReactionAttemptRepository attempts;
    private final ReactionServices services;
    private final RedisCommands<String, String> redis;
    private final Duration retryBackoff;
    private final MeterRegistry meters;
    private final Optional<SecretBox> secrets;
    private final int emailsPerHour;
    private final Clock clock;
    private final PluginRegistry<ReactionType> types = ReactionType.registry();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ReactionRunner(ReactionRunRepository runs, ReactionAttemptRepository attempts, ReactionServices services,
            StatefulRedisConnection<String, String> connection, CrbridgeProperties properties, MeterRegistry meters,
            Clock clock) {
        this.runs = runs;
        this.emailsPerHour = properties.quota().emailsPerHour();
        this.clock = clock;
        this.attempts = attempts;
        this.services = services;
        this.redis = connection.sync();
        this.retryBackoff = properties.reactions().retryBackoff();
        this.meters = meters;
        this.secrets = SecretBox.fromOptionalBase64(properties.secretKey());
    }

    /** One attempt and what it produced. */
    record Attempt(int number, ReactionResult result, Instant started, Instant finished) {
    }

    /**
     * Whether the reaction may run for the change, taking atomically what a run needs: its frequency slot, or, for
     * the recovery notice of a reaction on both changes, the failure notice it follows. Null when it may run,
     * otherwise why not. A reaction on both changes pairs its notices: each failure notice is followed by one recovery
     * notice, which the frequency does not hold back (the failure notice took the slot for both), and a recovery whose
     * failure it did not tell of (skipped by the frequency, shorter than the trigger) gets none.
     */
    String admit(StatusChanged change, ReactionConfig reaction) {
        boolean bothWays = reaction.getCallOn() == CallOn.BOTH;
        if (bothWays && change.to() == Status.HEALTHY) {
            return takeOwedRecoveryNotice(change.monitorId(), reaction) ? null
                    : "not run: this reaction told of no failure of " + change.monitorName() + " since its last "
                            + "recovery notice (a failure notice skipped by the frequency limit, or a failure shorter "
                            + "than the trigger, gets no recovery notice)";
        }
        if (!takeFrequencySlot(change.monitorId(), reaction)) {
            return "ran less than " + reaction.getFrequencySeconds() + " s ago (frequency "
                    + reaction.getFrequencySeconds() + " s)";
        }
        if (bothWays && change.to() == Status.FAILED) {
            redis.sadd(RedisKeys.recoveryNotices(change.monitorId()), String.valueOf(reaction.getId()));
        }
        return null;
    }

    /** Runs an admitted reaction for the change, with retries, and records the run. */
    void run(StatusChanged change, ReactionConfig reaction, Long eventId) {
        List<Attempt> tries = runWithRetries(reaction, change);
        ReactionResult result = tries.getLast().result();
        record(change, reaction, eventId, tries, false);
        if (result.outcome() == ReactionOutcome.EXECUTED && change.to() == Status.FAILED
                && types.find(reaction.getReactionType()).map(ReactionType::restoresOnRecovery).orElse(false)) {
            redis.sadd(RedisKeys.restore(change.monitorId()), String.valueOf(reaction.getId()));
        }
    }

    /** Takes, atomically (one actioner gets it), the recovery notice the reaction owes the monitor, if it owes one. */
    private boolean takeOwedRecoveryNotice(long monitorId, ReactionConfig reaction) {
        return redis.srem(RedisKeys.recoveryNotices(monitorId), String.valueOf(reaction.getId())) == 1;
    }

    /** Undoes on recovery what the reaction did on failure: no trigger or frequency, a failover is always undone. */
    void restore(StatusChanged change, ReactionConfig reaction, Long eventId) {
        record(change, reaction, eventId, runWithRetries(reaction, change), true);
    }

    /** Records a run that did not happen, and why. */
    void skip(StatusChanged change, ReactionConfig reaction, Long eventId, String why) {
        Instant now = Instant.now();
        record(change, reaction, eventId, List.of(new Attempt(1, ReactionResult.skipped(why), now, now)), false);
    }

    private boolean takeFrequencySlot(long monitorId, ReactionConfig reaction) {
        if (reaction.getFrequencySeconds() <= 0) {
            return true;
        }
        String reply = redis.set(RedisKeys.reactionLock(monitorId, reaction.getId()), Instant.now().toString(),
                SetArgs.Builder.nx().ex(reaction.getFrequencySeconds()));
        return "OK".equals(reply);
    }

    /**
     * Tries until a result is final, attempts run out, or the budget has no room for the next backoff. An email over
     * the account's hourly quota is not tried at all: the run fails saying so, for the person to see on the monitor.
     */
    List<Attempt> runWithRetries(ReactionConfig reaction, StatusChanged change) {
        Optional<String> overQuota = emailOverQuota(reaction, change);
        if (overQuota.isPresent()) {
            Instant now = Instant.now();
            return List.of(new Attempt(1, ReactionResult.failed(overQuota.get()), now, now));
        }
        Duration budget = Duration.ofSeconds(reaction.getTimeoutSeconds());
        long deadline = System.nanoTime() + budget.toNanos();
        List<Attempt> tries = new ArrayList<>();
        for (int number = 1; ; number++) {
            Instant started = Instant.now();
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
            ReactionResult result = runOnce(reaction, change, left);
            tries.add(new Attempt(number, result, started, Instant.now()));
            if (result.outcome() != ReactionOutcome.FAILED || !result.retryable()
                    || number >= reaction.getMaxAttempts()) {
                return tries;
            }
            Duration backoff = backoff(number);
            if (System.nanoTime() + backoff.toNanos() >= deadline) {
                tries.set(tries.size() - 1, new Attempt(number, ReactionResult.retryable(result.output()
                        + "\n(no time left in the " + budget.toSeconds() + " s budget for another attempt)"),
                        started, Instant.now()));
                return tries;
            }
            try {
                Thread.sleep(backoff); // a virtual thread: waiting costs no platform thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tries;
            }
        }
    }

    /**
     * For a reaction that sends an email: counts it against its owner's emails per hour, in Redis with every other
     * actioner and crweb, and says why not when the quota is used up. An email that cannot be counted is sent: a
     * failover notice lost is worse than one too many.
     */
    private Optional<String> emailOverQuota(ReactionConfig reaction, StatusChanged change) {
        if (emailsPerHour == 0 || !types.find(reaction.getReactionType()).map(ReactionType::sendsEmail).orElse(false)) {
            return Optional.empty();
        }
        Optional<String> refusal;
        try {
            refusal = EmailQuota.take((script, key, arguments) -> redis.eval(script, ScriptOutputType.MULTI,
                    new String[] {key}, arguments), reaction.getOwnerId(), emailsPerHour, clock.millis());
        } catch (RuntimeException e) {
            log.warn("cannot count an email against the quota, sending it anyway monitor={} reaction={} error={}",
                    change.monitorId(), reaction.getId(), e.toString());
            return Optional.empty();
        }
        refusal.ifPresent(why -> {
            meters.counter("cloudroutes.actioner.emails.over.quota").increment();
            log.warn("email not sent, the account's hourly quota is used up monitor={} reaction={} owner={} "
                    + "quota={}", change.monitorId(), reaction.getId(), reaction.getOwnerId(), emailsPerHour);
        });
        return refusal;
    }

    /** The wait before attempt {@code number + 1}: the base backoff doubled each time, at most a minute. */
    Duration backoff(int number) {
        Duration wait = retryBackoff.multipliedBy(1L << Math.min(number - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private ReactionResult runOnce(ReactionConfig reaction, StatusChanged change, Duration timeout) {
        Optional<ReactionType> type = types.find(reaction.getReactionType());
        if (type.isEmpty()) {
            return ReactionResult.failed("no reaction type '" + reaction.getReactionType() + "' in this actioner");
        }
        try {
            return ReactionCalls.runWithin(executor, ReactionCalls.create(type.get(), reaction.getSettings(), secrets,
                    reaction.secretScope(), services), change, timeout);
        } catch (SecretBox.SecretException e) {
            return ReactionResult.failed(e.getMessage());
        }
    }

    private void record(StatusChanged change, ReactionConfig reaction, Long eventId, List<Attempt> tries,
            boolean restore) {
        Attempt last = tries.getLast();
        ReactionResult result = last.result();
        String output = tries.size() == 1 ? result.output()
                : "attempt " + tries.size() + " of " + reaction.getMaxAttempts() + ": " + result.output();
        try {
            ReactionRun run = runs.save(new ReactionRun(change.monitorId(), reaction.getId(), reaction.getName(),
                    eventId, result.outcome(), restore ? "restore: " + output : output, tries.getFirst().started(),
                    last.finished()).withAttempts(tries.size(), restore));
            attempts.saveAll(tries.stream().map(t -> new ReactionAttempt(run.getId(), t.number(),
                    t.result().outcome(), t.result().retryable(), t.result().output(), t.started(), t.finished()))
                    .toList());
        } catch (RuntimeException e) {
            log.error("could not record a reaction run monitor={} reaction={} outcome={} error={}",
                    change.monitorId(), reaction.getId(), result.outcome(), e.toString());
        }
        meters.counter("cloudroutes.actioner.reaction.runs", "type", reaction.getReactionType(),
                "outcome", result.outcome().name()).increment();
        log.info("reaction ran monitor={} reaction={} type={} outcome={} attempts={} restore={}", change.monitorId(),
                reaction.getId(), reaction.getReactionType(), result.outcome(), tries.size(), restore);
        if (result.outcome() == ReactionOutcome.FAILED) {
            log.warn("reaction failed monitor={} reaction={} output=\"{}\"", change.monitorId(), reaction.getId(),
                    result.output().replace('\n', ' '));
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
