package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.store.maintenance.MaintenanceSchedule;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Replays a monitor's stored check results through the live fold and the live reaction policy, for reactions that
 * are proposed rather than saved, and says what they would have done. The fold is {@code fold-result.lua} itself,
 * through {@link StateFolder}, on scratch keys of the live Redis ({@link FoldKeys#scratch}, expiring, deleted at the
 * end) and at each result's own fold time; maintenance windows hold and end as {@link MaintenanceWatch} holds and ends
 * them; which reactions are due, at which escalation step, and whether the frequency lets them run is {@link
 * ReactionPolicy}'s, with the frequency slots and owed recovery notices kept in memory along the replayed time.
 */
@Component
class HistoryReplay {

    private static final Logger log = LoggerFactory.getLogger(HistoryReplay.class);

    /** Scratch keys outlive a replay that died half-way by at most this. */
    static final Duration SCRATCH_TTL = Duration.ofMinutes(10);

    private static final String HISTORY = "select checked_at, folded_at, status, latency_ms, zone, reason, result_id, "
            + "abstaining from check_results where monitor_id = ? and checked_at >= ? and checked_at < ? "
            + "order by coalesce(folded_at, checked_at), checked_at";

    private final StateFolder folder;
    private final RedisCommands<String, String> redis;
    private final JdbcTemplate jdbc;
    private final MaintenanceWindowRepository windows;

    HistoryReplay(
            StateFolder folder,
            StatefulRedisConnection<String, String> connection,
            JdbcTemplate jdbc,
            MaintenanceWindowRepository windows) {
        this.folder = folder;
        this.redis = connection.sync();
        this.jdbc = jdbc;
        this.windows = windows;
    }

    /**
     * One run the reactions would have made.
     *
     * @param at         when it would have been decided: the fold time of the result that made it due, plus the
     *                   escalation waits before its step
     * @param checkedAt  the check time of the result that made it due
     * @param skipReason null when it would have run, else why it would not have
     */
    record WouldRun(
            Instant at,
            Instant checkedAt,
            String episode,
            ReactionConfig reaction,
            int step,
            Status from,
            Status to,
            int heldFor,
            String reason,
            String skipReason) {

        boolean runs() {
            return skipReason == null;
        }
    }

    /** What a replay found: the runs in order, and how many results it folded. */
    record Outcome(List<WouldRun> runs, int resultsReplayed) {}

    /**
     * Replays the monitor's results checked in [from, to) for these reactions. The monitor is folded with its current
     * definition, following its checks (a hold by hand is not in history); history before {@code from} is not known,
     * so the monitor starts from no status, as a new one does.
     */
    Outcome replay(MonitorDefinition current, List<ReactionConfig> reactions, Instant from, Instant to) {
        MonitorDefinition definition = following(current);
        FoldKeys.Scratch keys = FoldKeys.scratch(UUID.randomUUID().toString());
        Walk walk = new Walk(definition, reactions, keys, schedules(definition.id()));
        try {
            // a scratch state is never one Redis lost: the fold need not wait for a rebuild
            redis.set(keys.epoch(), "1", SetArgs.Builder.px(SCRATCH_TTL.toMillis()));
            jdbc.query(
                    HISTORY,
                    rs -> {
                        Timestamp folded = rs.getTimestamp("folded_at");
                        long checkedAt = rs.getTimestamp("checked_at").getTime();
                        String zone = rs.getString("zone");
                        walk.fold(
                                CheckResult.stored(
                                        rs.getString("result_id"),
                                        definition.id(),
                                        Status.valueOf(rs.getString("status")),
                                        rs.getString("reason"),
                                        rs.getInt("latency_ms"),
                                        zone,
                                        "history",
                                        checkedAt,
                                        rs.getBoolean("abstaining")),
                                folded != null ? folded.getTime() : checkedAt);
                    },
                    definition.id(),
                    Timestamp.from(from),
                    Timestamp.from(to));
            walk.until(to.toEpochMilli());
            return new Outcome(List.copyOf(walk.runs), walk.folded);
        } finally {
            delete(keys);
        }
    }

    /** The definition as its checks alone decide it, with every count able to make a reaction due. */
    private static MonitorDefinition following(MonitorDefinition d) {
        return new MonitorDefinition(
                d.id(),
                d.ownerId(),
                d.name(),
                d.checkType(),
                d.settings(),
                d.intervalSeconds(),
                d.timeoutSeconds(),
                d.failThreshold(),
                d.recoverThreshold(),
                d.enabled(),
                d.zones(),
                d.quorum(),
                null,
                d.sealId());
    }

    /** The schedules of the windows that hold the monitor (those of today's definitions: a deleted one is gone). */
    private List<MaintenanceSchedule> schedules(long monitorId) {
        List<MaintenanceSchedule> schedules = new ArrayList<>();
        for (MaintenanceWindow window : windows.findAllWithMonitors()) {
            if (MaintenanceWatch.monitorsHeldBy(window, windows).contains(monitorId)) {
                try {
                    schedules.add(window.schedule());
                } catch (RuntimeException e) {
                    log.warn(
                            "maintenance window cannot be read, ignored window={} error={}",
                            window.getId(),
                            e.toString());
                }
            }
        }
        return schedules;
    }

    private void delete(FoldKeys.Scratch keys) {
        redis.del(keys.fixed());
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(
                    cursor, ScanArgs.Builder.matches(keys.prefix() + "*").limit(500));
            if (!page.getKeys().isEmpty()) {
                redis.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    /** A later escalation step, due at {@code dueMillis} of the replayed time. */
    private record Escalation(long dueMillis, Decision decision, int after) {}

    /** One replay's walk through time: the fold's scratch state, the marks, and the policy's slots, in memory. */
    private final class Walk implements ReactionPolicy.Slots {
        private final MonitorDefinition definition;
        private final List<ReactionConfig> reactions;
        private final FoldKeys.Scratch keys;
        private final List<MaintenanceSchedule> schedules;
        private final List<WouldRun> runs = new ArrayList<>();
        private final PriorityQueue<Escalation> escalations =
                new PriorityQueue<>(Comparator.comparingLong(Escalation::dueMillis));
        private final Map<ReactionConfig, Instant> lastRun = new IdentityHashMap<>();
        private final Set<ReactionConfig> owedRecoveryNotice =
                java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private Instant markedUntil;
        /** The replayed time: the fold time of the result being folded, or of the step being decided. */
        private long now;

        private int folded;

        Walk(
                MonitorDefinition definition,
                List<ReactionConfig> reactions,
                FoldKeys.Scratch keys,
                List<MaintenanceSchedule> schedules) {
            this.definition = definition;
            this.reactions = reactions;
            this.keys = keys;
            this.schedules = schedules;
        }

        /** Folds one result at the time the live fold folded it, after what became due before then. */
        void fold(CheckResult result, long foldedAtMillis) {
            until(foldedAtMillis);
            Instant at = Instant.ofEpochMilli(foldedAtMillis);
            Optional<Instant> held = MaintenanceWatch.heldUntil(schedules, at);
            if (held.isPresent()) {
                markedUntil = held.get();
                redis.set(
                        keys.maintenance(definition.id()),
                        String.valueOf(markedUntil.toEpochMilli()),
                        SetArgs.Builder.px(SCRATCH_TTL.toMillis()));
            }
            run(StateFolder.foldCall(result, definition, false, keys).at(foldedAtMillis), foldedAtMillis);
            // every scratch key expires (the first fold made them, the first decision the sequence), and again every
            // hundred folds: a replay that dies leaves nothing for long
            if (folded++ % 100 == 0) {
                for (String key : keys.fixed()) {
                    redis.pexpire(key, SCRATCH_TTL.toMillis());
                }
            }
        }

        /** Decides what became due up to {@code millis}: windows that ended, escalation steps whose wait passed. */
        void until(long millis) {
            while (true) {
                long windowEnd = markedUntil == null ? Long.MAX_VALUE : markedUntil.toEpochMilli();
                long stepDue = escalations.isEmpty()
                        ? Long.MAX_VALUE
                        : escalations.peek().dueMillis();
                long next = Math.min(windowEnd, stepDue);
                if (next > millis) {
                    return;
                }
                if (windowEnd <= stepDue) {
                    endWindow(windowEnd);
                } else {
                    Escalation due = escalations.poll();
                    now = due.dueMillis();
                    step(due.decision(), due.after(), due.dueMillis());
                }
            }
        }

        private void endWindow(long endMillis) {
            markedUntil = null;
            redis.del(keys.maintenance(definition.id()));
            MaintenanceWatch.endOfWindow(redis, keys, definition.id(), definition, endMillis, endMillis)
                    .ifPresent(call -> run(call.at(endMillis), endMillis));
        }

        /** Runs one call of the fold and decides its decisions, as the ledger would. */
        private void run(StateFolder.FoldCall call, long atMillis) {
            now = atMillis;
            folder.foldAll(List.of(call)).getFirst().join();
            List<String> pending = redis.zrange(keys.pending(), 0, -1);
            redis.del(keys.pending());
            if (!pending.isEmpty()) {
                redis.pexpire(keys.sequence(), SCRATCH_TTL.toMillis()); // made by the first decision
            }
            for (String json : pending) {
                Decision decision = MessageCodec.fromJson(json, Decision.class);
                if (decision.callsForReactions()) {
                    step(decision, 0, atMillis);
                }
            }
        }

        /** The step after {@code after} of the decision, each run admitted or not; then the next step's wait. */
        private void step(Decision decision, int after, long atMillis) {
            Optional<ReactionPolicy.Step> step =
                    ReactionPolicy.stepAfter(reactions, decision.current(), decision.heldFor(), after);
            if (step.isEmpty()) {
                return;
            }
            StatusChanged change = decision.change(definition.name());
            Instant at = Instant.ofEpochMilli(atMillis);
            boolean laterStep = after > 0;
            for (ReactionConfig reaction : step.get().reactions()) {
                String skip = laterStep
                        ? ReactionPolicy.noLongerHolds(
                                change, stillHolds(decision), " when this escalation step was due")
                        : null;
                if (skip == null) {
                    skip = ReactionPolicy.admit(change, reaction, this);
                }
                runs.add(new WouldRun(
                        at,
                        Instant.ofEpochMilli(decision.checkedAtMillis()),
                        decision.episode(),
                        reaction,
                        step.get().number(),
                        decision.episodeFrom(),
                        decision.current(),
                        decision.heldFor(),
                        decision.recordedReason(),
                        skip));
            }
            ReactionPolicy.stepAfter(
                            reactions,
                            decision.current(),
                            decision.heldFor(),
                            step.get().number())
                    .ifPresent(next -> escalations.add(new Escalation(
                            atMillis
                                    + ReactionPolicy.escalationWait(next, stillHolds(decision))
                                            .toMillis(),
                            decision,
                            step.get().number())));
        }

        private boolean stillHolds(Decision decision) {
            return keys.stillHolds(redis, definition.id(), decision.current(), decision.episode());
        }

        @Override
        public boolean takeFrequencySlot(long monitorId, ReactionConfig reaction) {
            Instant at = Instant.ofEpochMilli(now);
            if (!ReactionPolicy.frequencyAllows(reaction, lastRun.get(reaction), at)) {
                return false;
            }
            lastRun.put(reaction, at);
            return true;
        }

        @Override
        public boolean takeOwedRecoveryNotice(long monitorId, ReactionConfig reaction) {
            return owedRecoveryNotice.remove(reaction);
        }

        @Override
        public void oweRecoveryNotice(long monitorId, ReactionConfig reaction) {
            owedRecoveryNotice.add(reaction);
        }
    }
}
