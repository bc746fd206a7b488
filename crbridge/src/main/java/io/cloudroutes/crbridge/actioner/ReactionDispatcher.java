package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Decides which reactions run for a status and when: under their {@code callOn}, {@code trigger} and
 * {@code frequency} rules (it is called once per value of {@code heldFor} in an episode, so each trigger is reached
 * once), in escalation steps (a later step runs only after the earlier ones, once its wait passed, and only if the
 * monitor still has the status), and, on recovery, the restore of every reaction that failed the
 * monitor over. Each run goes through {@link ReactionRunner}, which retries and records it.
 */
@Component
class ReactionDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReactionDispatcher.class);

    /** The schema caps a reaction's trigger at this many results; past it no reaction can be due. */
    static final int MAX_TRIGGER = 1000;

    // Takes every reaction id to restore at once, so that two actioners never restore the same failover twice.
    private static final String TAKE_RESTORES = """
            local ids = redis.call('SMEMBERS', KEYS[1])
            redis.call('DEL', KEYS[1])
            return ids
            """;

    private final ReactionConfigRepository reactions;
    private final MonitorEventRepository events;
    private final ReactionRunner runner;
    private final RedisCommands<String, String> redis;
    private final Clock clock;
    private final Duration defaultTimeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ReactionDispatcher(ReactionConfigRepository reactions, MonitorEventRepository events, ReactionRunner runner,
            StatefulRedisConnection<String, String> connection, Clock clock, CrbridgeProperties properties) {
        this.reactions = reactions;
        this.events = events;
        this.runner = runner;
        this.redis = connection.sync();
        this.clock = clock;
        this.defaultTimeout = properties.reactions().timeout();
    }

    /**
     * An escalation step that waits for its time: the change it reacts to, the episode it belongs to (the state's
     * {@code since}), and the reaction ids of this step and of the steps after it.
     */
    record PendingStep(StatusChanged change, Long eventId, String since, List<List<Long>> steps) {
    }

    void dispatch(StatusChanged change) {
        if (change.to() == Status.HEALTHY) {
            restoreAfterRecovery(change);
        }
        if (change.heldFor() > MAX_TRIGGER) {
            return; // spares the database a query per result for monitors that hold their status for long
        }
        List<ReactionConfig> due = reactions.findDue(change.monitorId(), CallOn.runningOn(change.to()),
                change.heldFor());
        if (due.isEmpty()) {
            return;
        }
        Long eventId = events.findFirstByMonitorIdOrderByIdDesc(change.monitorId()).map(MonitorEvent::getId)
                .orElse(null);
        String since = redis.hget(RedisKeys.state(change.monitorId()), RedisKeys.StateField.SINCE);
        List<List<ReactionConfig>> steps = steps(due);
        // Admitted here, in the order the monitor's results are handled, so that a recovery notice finds the failure
        // notice it follows even while that one is still being sent.
        List<Admission> first = admit(change, steps.getFirst());
        executor.execute(() -> runSteps(change, eventId, since, first, steps.subList(1, steps.size())));
    }

    /** A reaction of the step about to run, and why it may not run ({@code null} when it may). */
    private record Admission(ReactionConfig reaction, String skipReason) {
    }

    private List<Admission> admit(StatusChanged change, List<ReactionConfig> step) {
        return step.stream().map(reaction -> new Admission(reaction, runner.admit(change, reaction))).toList();
    }

    /** The reactions grouped by escalation step, lowest first. */
    private static List<List<ReactionConfig>> steps(List<ReactionConfig> due) {
        Map<Integer, List<ReactionConfig>> byStep = new TreeMap<>();
        due.stream().sorted(Comparator.comparing(ReactionConfig::getId))
                .forEach(r -> byStep.computeIfAbsent(r.getEscalationStep(), step -> new ArrayList<>()).add(r));
        return new ArrayList<>(byStep.values());
    }

    /**
     * Runs an admitted step now (its reactions side by side, the ones not admitted recorded as skipped) and hands the
     * rest on: the next step at once when it has no wait, else it is parked in Redis until its time
     * ({@link EscalationWatch}).
     */
    private void runSteps(StatusChanged change, Long eventId, String since, List<Admission> step,
            List<List<ReactionConfig>> rest) {
        List<Future<?>> running = new ArrayList<>();
        for (Admission admission : step) {
            running.add(executor.submit(() -> {
                if (admission.skipReason() == null) {
                    runner.run(change, admission.reaction(), eventId);
                } else {
                    runner.skip(change, admission.reaction(), eventId, admission.skipReason());
                }
            }));
        }
        for (Future<?> run : running) {
            try {
                run.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.error("reaction step failed monitor={} error={}", change.monitorId(), e.toString());
            }
        }
        if (rest.isEmpty()) {
            return;
        }
        int wait = rest.getFirst().stream().mapToInt(ReactionConfig::getEscalationWaitSeconds).max().orElse(0);
        PendingStep pending = new PendingStep(change, eventId, since,
                rest.stream().map(next -> next.stream().map(ReactionConfig::getId).toList()).toList());
        if (wait == 0) {
            continueEscalation(pending);
        } else {
            long due = clock.millis() + wait * 1000L;
            redis.zadd(RedisKeys.ESCALATIONS, due, MessageCodec.toJson(pending));
            log.info("escalation step parked monitor={} reactions={} dueInSeconds={}", change.monitorId(),
                    pending.steps().getFirst(), wait);
        }
    }

    /**
     * Runs the next step of an escalation whose time has come, if the monitor still has the status of the same
     * episode; otherwise records the step's reactions as skipped, saying why, and ends the escalation.
     */
    void continueEscalation(PendingStep pending) {
        StatusChanged change = pending.change();
        List<String> state = redis.hmget(RedisKeys.state(change.monitorId()), RedisKeys.StateField.STATUS,
                RedisKeys.StateField.SINCE).stream().map(v -> v.getValueOrElse(null)).toList();
        List<List<ReactionConfig>> steps = new ArrayList<>();
        for (List<Long> ids : pending.steps()) {
            List<ReactionConfig> step = reactions.findAttached(change.monitorId(), ids);
            if (!step.isEmpty()) {
                steps.add(step);
            }
        }
        if (steps.isEmpty()) {
            return; // detached or deleted meanwhile
        }
        boolean stillHolds = change.to().name().equals(state.get(0))
                && (pending.since() == null || pending.since().equals(state.get(1)));
        if (!stillHolds) {
            String why = "not run: " + change.monitorName() + " was no longer " + change.to()
                    + " when this escalation step was due";
            steps.stream().flatMap(List::stream)
                    .forEach(reaction -> runner.skip(change, reaction, pending.eventId(), why));
            return;
        }
        List<Admission> next = admit(change, steps.getFirst());
        executor.execute(() -> runSteps(change, pending.eventId(), pending.since(), next,
                steps.subList(1, steps.size())));
    }

    /** Undoes, once, what the monitor's restoring reactions did when it failed. */
    private void restoreAfterRecovery(StatusChanged change) {
        List<Object> ids = redis.eval(TAKE_RESTORES, ScriptOutputType.MULTI, RedisKeys.restore(change.monitorId()));
        if (ids.isEmpty()) {
            return;
        }
        Long eventId = events.findFirstByMonitorIdOrderByIdDesc(change.monitorId()).map(MonitorEvent::getId)
                .orElse(null);
        for (ReactionConfig reaction : reactions.findAttached(change.monitorId(),
                ids.stream().map(id -> Long.parseLong(String.valueOf(id))).toList())) {
            executor.execute(() -> runner.restore(change, reaction, eventId));
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(defaultTimeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    }
}
