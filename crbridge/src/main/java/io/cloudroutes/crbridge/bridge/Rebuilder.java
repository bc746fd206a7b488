package io.cloudroutes.crbridge.bridge;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes Redis match PostgreSQL again: writes every monitor (keeping schedule positions that exist), gives monitors
 * whose live state is gone the status of their last transition, gives healthy heartbeat monitors without a ping
 * deadline a conservative one, and removes what Redis holds for monitors PostgreSQL no longer has. Repairs Redis after
 * data loss; runs at start, periodically, on demand, and within seconds of a loss ({@link RedisLossWatch}). While it
 * repairs a loss, {@link RedisKeys#REBUILDING} tells crweb so; {@link RedisKeys#EPOCH}, written at the end, is how a
 * later loss is noticed. A rebuild during which Redis lost its data again (its {@link RedisKeys#rebuildGuard guard}
 * is gone at the end) does not write the epoch: the pages it wrote before the loss are gone, and the missing epoch
 * has the loss watch rebuild everything again.
 */
@Component
class Rebuilder {

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);
    private static final int PAGE = 500;
    private static final Duration REBUILDING_AT_MOST = Duration.ofMinutes(5);
    /** Longer than any rebuild takes: only a loss of Redis' data removes the guard while its rebuild runs. */
    private static final Duration GUARD_AT_MOST = Duration.ofHours(1);

    /** Writes the epoch unless Redis lost its data while the rebuild ran (its guard is gone). */
    private final RedisScript finish = RedisScript.of(Rebuilder.class, "finish-rebuild.lua");

    private final MonitorRepository monitors;
    private final RedisMonitorWriter writer;
    private final RedisCommands<String, String> redis;
    private final HeartbeatDeadlineSeeder heartbeats;
    private final StateSeeder states;
    private final Clock clock;

    Rebuilder(
            MonitorRepository monitors,
            RedisMonitorWriter writer,
            StatefulRedisConnection<String, String> connection,
            HeartbeatDeadlineSeeder heartbeats,
            StateSeeder states,
            Clock clock) {
        this.monitors = monitors;
        this.writer = writer;
        this.redis = connection.sync();
        this.heartbeats = heartbeats;
        this.states = states;
        this.clock = clock;
    }

    /**
     * What a rebuild did; {@code lostMeanwhile} when Redis lost its data while it ran, so that what it wrote before
     * the loss is gone and the loss watch rebuilds again.
     */
    record Summary(int monitorsWritten, int orphansRemoved, int statesRestored, boolean lostMeanwhile) {}

    /** Whether Redis has lost its data since the last rebuild (or was never rebuilt). */
    boolean redisLostItsData() {
        return redis.exists(RedisKeys.EPOCH) == 0;
    }

    @Transactional(readOnly = true)
    synchronized Summary rebuild() {
        long started = clock.millis();
        String guard = RedisKeys.rebuildGuard(UUID.randomUUID().toString());
        redis.set(guard, String.valueOf(started), SetArgs.Builder.ex(GUARD_AT_MOST));
        boolean lost = redisLostItsData();
        if (lost) {
            // a TTL well past any rebuild: a bridge that dies mid-way does not leave the banner up for good
            redis.set(RedisKeys.REBUILDING, String.valueOf(started), SetArgs.Builder.ex(REBUILDING_AT_MOST));
        }
        List<Long> ids = monitors.findAllIds();
        Set<Long> known = new HashSet<>(ids);
        int written = 0;
        int restored = 0;
        for (int from = 0; from < ids.size(); from += PAGE) {
            // with their reactions, whose triggers the definitions carry: one query per page, not one per monitor
            List<Monitor> page = monitors.findAllWithReactions(ids.subList(from, Math.min(ids.size(), from + PAGE)));
            // The status first, then the schedule: a monitor scheduled before its status is back is checked at once
            // and its result folded from UNKNOWN, a transition that never happened (the chaos suite saw 1,331 of them
            // while a rebuild of 3,000 monitors ran). Before the heartbeat deadlines too, which give one only to a
            // monitor whose status is HEALTHY.
            restored += states.seedMissing(page);
            writer.upsertAll(page);
            written += page.size();
            page.forEach(heartbeats::seed);
        }
        int orphans = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(
                    cursor, ScanArgs.Builder.matches(RedisKeys.monitorPattern()).limit(PAGE));
            for (String key : page.getKeys()) {
                long id = Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
                // Asked again: the monitor may have been created after the list was read.
                if (!known.contains(id) && !monitors.existsById(id)) {
                    writer.delete(id);
                    orphans++;
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        for (String member : redis.zrange(RedisKeys.SCHEDULE, 0, -1)) {
            if (!known.contains(Long.parseLong(member)) && !monitors.existsById(Long.parseLong(member))) {
                redis.zrem(RedisKeys.SCHEDULE, member);
                orphans++;
            }
        }
        Long finished = finish.eval(
                redis, ScriptOutputType.INTEGER, new String[] {guard, RedisKeys.EPOCH}, String.valueOf(clock.millis()));
        if (finished == null || finished == 0) {
            log.warn(
                    "Redis lost its data while it was being rebuilt from PostgreSQL; not marking it rebuilt, so the "
                            + "loss watch rebuilds it again monitors={} tookMillis={}",
                    written,
                    clock.millis() - started);
            return new Summary(written, orphans, restored, true);
        }
        redis.del(RedisKeys.REBUILDING);
        if (lost) {
            log.warn(
                    "rebuilt Redis from PostgreSQL after it lost its data monitors={} statesRestored={} "
                            + "orphansRemoved={} tookMillis={}",
                    written,
                    restored,
                    orphans,
                    clock.millis() - started);
        } else {
            log.info(
                    "rebuilt Redis from PostgreSQL monitors={} statesRestored={} orphansRemoved={}",
                    written,
                    restored,
                    orphans);
        }
        return new Summary(written, orphans, restored, false);
    }
}
