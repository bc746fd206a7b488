package io.cloudroutes.crbridge.bridge;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes Redis match PostgreSQL again: writes every monitor (keeping schedule positions that exist), gives healthy
 * heartbeat monitors without a ping deadline a conservative one, and removes what Redis holds for monitors PostgreSQL
 * no longer has. Repairs Redis after data loss; runs at start, periodically and
 * on demand.
 */
@Component
class Rebuilder {

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);
    private static final int PAGE = 500;

    private final MonitorRepository monitors;
    private final RedisMonitorWriter writer;
    private final RedisCommands<String, String> redis;
    private final HeartbeatDeadlineSeeder heartbeats;

    Rebuilder(MonitorRepository monitors, RedisMonitorWriter writer, StatefulRedisConnection<String, String> connection,
            HeartbeatDeadlineSeeder heartbeats) {
        this.monitors = monitors;
        this.writer = writer;
        this.redis = connection.sync();
        this.heartbeats = heartbeats;
    }

    /** What a rebuild did. */
    record Summary(int monitorsWritten, int orphansRemoved) {
    }

    @Transactional(readOnly = true)
    synchronized Summary rebuild() {
        List<Long> ids = monitors.findAllIds();
        Set<Long> known = new HashSet<>(ids);
        int written = 0;
        for (int from = 0; from < ids.size(); from += PAGE) {
            for (Monitor monitor : monitors.findAllById(ids.subList(from, Math.min(ids.size(), from + PAGE)))) {
                writer.upsert(monitor);
                heartbeats.seed(monitor);
                written++;
            }
        }
        int orphans = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(RedisKeys.monitorPattern()).limit(PAGE));
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
        log.info("rebuilt Redis from PostgreSQL monitors={} orphansRemoved={}", written, orphans);
        return new Summary(written, orphans);
    }
}
