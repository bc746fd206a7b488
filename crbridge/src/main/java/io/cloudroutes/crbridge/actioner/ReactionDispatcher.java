package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs the reactions due for a status under their {@code callOn}, {@code trigger} and {@code frequency} rules, each
 * on its own virtual thread with a deadline, and records every run with its outcome and output.
 */
@Component
class ReactionDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReactionDispatcher.class);

    private final ReactionConfigRepository reactions;
    private final MonitorEventRepository events;
    private final ReactionRunRepository runs;
    private final ReactionServices services;
    private final RedisCommands<String, String> redis;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final PluginRegistry<ReactionType> types = ReactionType.registry();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ReactionDispatcher(ReactionConfigRepository reactions, MonitorEventRepository events, ReactionRunRepository runs,
            ReactionServices services, StatefulRedisConnection<String, String> connection,
            CrbridgeProperties properties, MeterRegistry meters) {
        this.reactions = reactions;
        this.events = events;
        this.runs = runs;
        this.services = services;
        this.redis = connection.sync();
        this.timeout = properties.reactions().timeout();
        this.meters = meters;
    }

    /** The schema caps a reaction's trigger at this many results; past it no reaction can be due. */
    static final int MAX_TRIGGER = 1000;

    void dispatch(StatusChanged change) {
        if (change.heldFor() > MAX_TRIGGER) {
            return; // spares the database a query per result for monitors that hold their status for long
        }
        List<ReactionConfig> due = reactions.findDue(change.monitorId(), change.to(), change.heldFor());
        if (due.isEmpty()) {
            return;
        }
        Long eventId = events.findFirstByMonitorIdOrderByIdDesc(change.monitorId()).map(MonitorEvent::getId)
                .orElse(null);
        for (ReactionConfig reaction : due) {
            Instant started = Instant.now();
            if (!takeFrequencySlot(change.monitorId(), reaction)) {
                record(change, reaction, eventId, ReactionResult.skipped("ran less than " + reaction.getFrequencySeconds()
                        + " s ago (frequency " + reaction.getFrequencySeconds() + " s)"), started);
                continue;
            }
            executor.execute(() -> record(change, reaction, eventId, run(reaction, change), started));
        }
    }

    /** Atomic across actioners: only one run per frequency window gets the slot. */
    private boolean takeFrequencySlot(long monitorId, ReactionConfig reaction) {
        if (reaction.getFrequencySeconds() <= 0) {
            return true;
        }
        String reply = redis.set(RedisKeys.reactionLock(monitorId, reaction.getId()), Instant.now().toString(),
                SetArgs.Builder.nx().ex(reaction.getFrequencySeconds()));
        return "OK".equals(reply);
    }

    private ReactionResult run(ReactionConfig reaction, StatusChanged change) {
        Optional<ReactionType> type = types.find(reaction.getReactionType());
        if (type.isEmpty()) {
            return ReactionResult.failed("no reaction type '" + reaction.getReactionType() + "' in this actioner");
        }
        Future<ReactionResult> running = executor.submit(() -> type.get()
                .create(Settings.withDefaults(type.get().settings(), reaction.getSettings()), services)
                .run(change, timeout));
        try {
            return running.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            return ReactionResult.failed("did not finish within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReactionResult.failed("actioner stopped while the reaction ran");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return ReactionResult.failed("error: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        }
    }

    private void record(StatusChanged change, ReactionConfig reaction, Long eventId, ReactionResult result,
            Instant started) {
        try {
            runs.save(new ReactionRun(change.monitorId(), reaction.getId(), reaction.getName(), eventId,
                    result.outcome(), result.output(), started, Instant.now()));
        } catch (RuntimeException e) {
            log.error("could not record a reaction run monitor={} reaction={} outcome={} error={}",
                    change.monitorId(), reaction.getId(), result.outcome(), e.toString());
        }
        meters.counter("cloudroutes.actioner.reaction.runs", "type", reaction.getReactionType(),
                "outcome", result.outcome().name()).increment();
        log.info("reaction ran monitor={} reaction={} type={} outcome={}", change.monitorId(), reaction.getId(),
                reaction.getReactionType(), result.outcome());
        if (result.outcome() == ReactionOutcome.FAILED) {
            log.warn("reaction failed monitor={} reaction={} output=\"{}\"", change.monitorId(), reaction.getId(),
                    result.output().replace('\n', ' '));
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    }
}
