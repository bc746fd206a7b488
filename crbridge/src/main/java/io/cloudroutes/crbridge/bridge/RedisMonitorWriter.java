package io.cloudroutes.crbridge.bridge;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisTime;
import io.cloudroutes.store.monitor.Monitor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Writes monitors to Redis as schedulers and workers read them: the definition and the place in the schedule.
 * Monitors of a pushed type (webhooks, heartbeats) get their definition, which the actioner folds with, but never a
 * place in the schedule: no worker can check them.
 */
@Component
class RedisMonitorWriter {

    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final PluginRegistry<CheckType> types;

    RedisMonitorWriter(PluginRegistry<CheckType> types, StatefulRedisConnection<String, String> connection) {
        this.types = types;
        this.connection = connection;
        this.redis = connection.sync();
    }

    /**
     * Stores the definition. An enabled monitor that is not scheduled yet is due now (its first check runs at once);
     * one whose interval shrank is moved forward to at most one new interval from now; a disabled one leaves the
     * schedule but keeps its state.
     */
    void upsert(Monitor monitor) {
        upsertAll(List.of(monitor));
    }

    /**
     * {@link #upsert} for many monitors in two round trips instead of several per monitor: what Redis holds of each is
     * read together (and Redis' now once), then every write goes out together. For a bulk import of thousands of
     * monitors this is what lets their first checks start within seconds.
     */
    void upsertAll(Collection<Monitor> monitors) {
        if (monitors.isEmpty()) {
            return;
        }
        RedisAsyncCommands<String, String> async = connection.async();
        List<Monitor> batch = List.copyOf(monitors);
        List<RedisFuture<List<KeyValue<String, String>>>> previous = new ArrayList<>(batch.size());
        List<RedisFuture<Double>> scheduledAt = new ArrayList<>(batch.size());
        for (Monitor monitor : batch) {
            previous.add(async.hmget(
                    RedisKeys.monitor(monitor.getId()),
                    RedisKeys.MONITOR_INTERVAL_FIELD,
                    RedisKeys.MONITOR_DEFINITION_FIELD));
            scheduledAt.add(async.zscore(RedisKeys.SCHEDULE, String.valueOf(monitor.getId())));
        }
        // Redis' now, the clock the controls claim by: a bridge whose clock runs ahead must not delay the first check
        RedisFuture<List<String>> time = async.time();
        long now = RedisTime.of(await(time)).toEpochMilli();
        List<RedisFuture<?>> writes = new ArrayList<>(batch.size() * 2);
        for (int i = 0; i < batch.size(); i++) {
            Monitor monitor = batch.get(i);
            String key = RedisKeys.monitor(monitor.getId());
            String member = String.valueOf(monitor.getId());
            List<KeyValue<String, String>> fields = await(previous.get(i));
            String previousInterval = fields.get(0).getValueOrElse(null);
            String previousJson = fields.get(1).getValueOrElse(null);
            Status previousOverride = previousJson == null
                    ? null
                    : MessageCodec.fromJson(previousJson, MonitorDefinition.class)
                            .override();
            writes.add(async.hset(
                    key,
                    Map.of(
                            RedisKeys.MONITOR_DEFINITION_FIELD, MessageCodec.toJson(monitor.toDefinition()),
                            RedisKeys.MONITOR_INTERVAL_FIELD, String.valueOf(monitor.getIntervalSeconds()))));
            if (!monitor.isEnabled() || pushed(monitor)) {
                writes.add(async.zrem(RedisKeys.SCHEDULE, member));
                continue;
            }
            // A new monitor, or one just held or released by hand, is checked at once so its status follows quickly.
            if (await(scheduledAt.get(i)) == null || monitor.getOverrideStatus() != previousOverride) {
                writes.add(async.zadd(RedisKeys.SCHEDULE, now, member));
            } else if (!String.valueOf(monitor.getIntervalSeconds()).equals(previousInterval)) {
                writes.add(async.zadd(
                        RedisKeys.SCHEDULE, ZAddArgs.Builder.lt(), now + monitor.getIntervalSeconds() * 1000L, member));
            }
        }
        for (RedisFuture<?> write : writes) {
            await(write);
        }
    }

    /** The reply, or the command's failure as the synchronous API throws it. */
    private <T> T await(RedisFuture<T> reply) {
        return LettuceFutures.awaitOrCancel(reply, connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether the monitor has a place in the schedule: enabled and checked by workers (not pushed to crweb). */
    boolean scheduled(Monitor monitor) {
        return monitor.isEnabled() && !pushed(monitor);
    }

    private boolean pushed(Monitor monitor) {
        return types.find(monitor.getCheckType()).map(CheckType::pushed).orElse(false);
    }

    /**
     * Removes everything Redis holds for the monitor, including its reaction locks and webhook delivery markers, whose
     * TTLs (a reaction's frequency, a sender's retry window) could otherwise keep them for days.
     */
    void delete(long monitorId) {
        redis.del(
                RedisKeys.monitor(monitorId),
                RedisKeys.state(monitorId),
                RedisKeys.recent(monitorId),
                RedisKeys.alerts(monitorId),
                RedisKeys.heartbeatLastPing(monitorId),
                RedisKeys.restore(monitorId),
                RedisKeys.recoveryNotices(monitorId),
                RedisKeys.deliveries(monitorId),
                RedisKeys.refusedDeliveries(monitorId));
        redis.zrem(RedisKeys.SCHEDULE, String.valueOf(monitorId));
        redis.zrem(RedisKeys.HEARTBEAT_DEADLINES, String.valueOf(monitorId));
        deleteMatching(RedisKeys.reactionLocksOf(monitorId));
        deleteMatching(RedisKeys.delivery(monitorId, "*"));
    }

    private void deleteMatching(String pattern) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page =
                    redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            if (!page.getKeys().isEmpty()) {
                redis.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}
