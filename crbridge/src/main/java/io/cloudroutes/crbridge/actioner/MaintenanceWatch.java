package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.store.maintenance.MaintenanceSchedule;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds monitors in maintenance and lets them go. Every second, on every actioner, it works out from PostgreSQL's
 * maintenance windows (loaded again only when one was made, changed or deleted) which monitors are in a window and
 * until when, and marks each in Redis ({@link RedisKeys#maintenance}, expiring at the window's end) so that the fold
 * keeps its status and records no decision. A monitor whose window is over (ended, deleted, or no longer naming it)
 * is re-evaluated at once: the status its zones give now is taken, as a fold would take it, with the transition's
 * decision and so its reactions. All actioners write the same marks; the re-evaluation of one window's end is named by
 * the monitor and the end, so that only one actioner makes it.
 */
@Component
class MaintenanceWatch extends EverySecond {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceWatch.class);

    /** How often the marks are written again though nothing changed: after Redis lost them, or another took them. */
    static final Duration REWRITE_EVERY = Duration.ofSeconds(10);

    static final String HELD_PREFIX = "held for maintenance";

    private final RedisCommands<String, String> redis;
    private final StateFolder folder;
    private final DecisionLedger ledger;
    private final MaintenanceWindowRepository windows;
    private final Clock clock;

    private String loadedMark;
    private Map<MaintenanceWindow, MaintenanceSchedule> loaded = Map.of();
    private Map<Long, Instant> written = Map.of();
    private Instant writtenAt = Instant.MIN;

    MaintenanceWatch(
            StatefulRedisConnection<String, String> connection,
            StateFolder folder,
            DecisionLedger ledger,
            MaintenanceWindowRepository windows,
            Clock clock) {
        super("maintenance windows");
        this.redis = connection.sync();
        this.folder = folder;
        this.ledger = ledger;
        this.windows = windows;
        this.clock = clock;
    }

    @Override
    void runOnce() {
        holdAndRelease();
    }

    /** One round: marks the monitors in maintenance now, re-evaluates those whose window is over; returns those. */
    synchronized List<Long> holdAndRelease() {
        Instant now = clock.instant();
        Map<Long, Instant> held = heldAt(now);
        boolean rewrite = !now.isBefore(writtenAt.plus(REWRITE_EVERY)) || now.isBefore(writtenAt);
        held.forEach((monitorId, until) -> {
            if (rewrite || !until.equals(written.get(monitorId))) {
                long millis = Math.max(1, Duration.between(now, until).toMillis());
                redis.set(
                        RedisKeys.maintenance(monitorId),
                        String.valueOf(until.toEpochMilli()),
                        SetArgs.Builder.px(millis));
                redis.zadd(RedisKeys.MAINTENANCE_ENDS, until.toEpochMilli(), String.valueOf(monitorId));
            }
        });
        if (rewrite) {
            writtenAt = now;
        }
        written = held;
        List<Long> released = new ArrayList<>();
        for (ScoredValue<String> entry : redis.zrangeWithScores(RedisKeys.MAINTENANCE_ENDS, 0, -1)) {
            long monitorId = Long.parseLong(entry.getValue());
            if (!held.containsKey(monitorId)) {
                release(monitorId, (long) entry.getScore(), now);
                released.add(monitorId);
            }
        }
        return released;
    }

    /** The monitors some window holds at {@code now}, each until the latest end of the windows holding it. */
    private Map<Long, Instant> heldAt(Instant now) {
        refresh();
        Map<Long, Instant> held = new HashMap<>();
        loaded.forEach((window, schedule) -> {
            Optional<Instant> until = schedule.activeUntil(now);
            if (until.isEmpty()) {
                return;
            }
            monitorsHeldBy(window, windows)
                    .forEach(monitorId -> held.merge(monitorId, until.get(), (a, b) -> a.isAfter(b) ? a : b));
        });
        return held;
    }

    /** The monitors a window holds: those it names, and those with one of its tags. */
    static List<Long> monitorsHeldBy(MaintenanceWindow window, MaintenanceWindowRepository windows) {
        List<Long> monitorIds = new ArrayList<>(window.getMonitorIds());
        if (!window.getTags().isEmpty()) {
            monitorIds.addAll(windows.monitorIdsTagged(
                    window.getTeamId(), window.getTags().toArray(String[]::new)));
        }
        return monitorIds;
    }

    /** Until when these windows hold a monitor at {@code at}: the latest end of those on then; empty when none is. */
    static Optional<Instant> heldUntil(Collection<MaintenanceSchedule> schedules, Instant at) {
        return schedules.stream()
                .map(schedule -> schedule.activeUntil(at))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
    }

    /** Loads the windows again when any was made, changed or deleted since they were loaded. */
    private void refresh() {
        String mark = Arrays.toString(windows.changeMark().getFirst());
        if (mark.equals(loadedMark)) {
            return;
        }
        Map<MaintenanceWindow, MaintenanceSchedule> schedules = new LinkedHashMap<>();
        for (MaintenanceWindow window : windows.findAllWithMonitors()) {
            try {
                schedules.put(window, window.schedule());
            } catch (RuntimeException e) {
                // crweb checks every window it saves; one written past it holds nothing rather than stopping the rest
                log.warn("maintenance window cannot be read, ignored window={} error={}", window.getId(), e.toString());
            }
        }
        loaded = schedules;
        loadedMark = mark;
        log.debug("maintenance windows loaded count={}", schedules.size());
    }

    /**
     * Lets the monitor go: its mark is removed and its status re-evaluated at once, as of the window's end
     * ({@code endMillis} names the end, so that of several actioners only one re-evaluates it).
     */
    private void release(long monitorId, long endMillis, Instant now) {
        redis.del(RedisKeys.maintenance(monitorId));
        Optional<MonitorDefinition> definition = folder.definition(monitorId);
        Optional<StateFolder.FoldCall> end =
                definition.flatMap(d -> endOfWindow(redis, FoldKeys.LIVE, monitorId, d, endMillis, now.toEpochMilli()));
        if (end.isPresent()) {
            Optional<Fold> fold = folder.foldAll(List.of(end.get())).getFirst().join();
            if (fold.isPresent() && fold.get().transitioned()) {
                log.info(
                        "monitor transition at the end of maintenance monitor={} from={} to={}",
                        monitorId,
                        fold.get().previous(),
                        fold.get().current());
            }
            if (fold.isPresent() && fold.get().counted()) {
                ledger.wake();
            }
        }
        redis.zrem(RedisKeys.MAINTENANCE_ENDS, String.valueOf(monitorId));
    }

    /**
     * The fold call that re-evaluates a monitor at the end ({@code endMillis}) of its maintenance, at {@code nowMillis}:
     * the status its zones give is taken at once. Empty when the monitor has no state (its next result folds as usual).
     * The live watch and a replay both end windows with it, each on its own keys.
     */
    static Optional<StateFolder.FoldCall> endOfWindow(
            RedisCommands<String, String> redis,
            FoldKeys keys,
            long monitorId,
            MonitorDefinition definition,
            long endMillis,
            long nowMillis) {
        List<KeyValue<String, String>> state = redis.hmget(
                keys.state(monitorId),
                RedisKeys.StateField.STATUS,
                RedisKeys.StateField.REASON,
                RedisKeys.StateField.ZONE);
        if (!state.getFirst().hasValue()) {
            return Optional.empty();
        }
        return Optional.of(StateFolder.reevaluationCall(
                monitorId,
                definition,
                Status.valueOf(state.getFirst().getValue()),
                "maintenance-end:" + monitorId + ":" + endMillis,
                "maintenance ended; " + lastResult(state.get(1).getValueOrElse("")),
                state.get(2).getValueOrElse(""),
                nowMillis,
                keys));
    }

    /** The reason of the last result, without what the fold added while it held the status. */
    private static String lastResult(String reason) {
        if (reason.startsWith(HELD_PREFIX)) {
            int colon = reason.indexOf("): ");
            return colon < 0 ? reason : reason.substring(colon + 3);
        }
        return reason;
    }
}
