package io.cloudroutes.control;

import io.cloudroutes.core.message.ChecksDelayed;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The schedule in Redis: claims due monitors atomically, with their definitions in the same round trip. */
final class Schedule {

    private static final Logger log = LoggerFactory.getLogger(Schedule.class);
    private final RedisScript claimDue = RedisScript.of(Schedule.class, "claim-due.lua");

    private final RedisAsyncCommands<String, String> redis;
    private long nextDueInMillis = Long.MAX_VALUE;

    Schedule(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.async();
        // at start, so that a control whose Redis user may not load scripts says so at once
        claimDue.load(connection.sync());
    }

    /**
     * Claims up to {@code limit} monitors due by Redis' clock (the script reads TIME, so the control's own clock never
     * decides what is due), moving each to its next slot; the longest overdue first.
     */
    List<DueMonitor> claim(int limit) throws ExecutionException, InterruptedException, TimeoutException {
        // A restarted or flushed Redis forgets loaded scripts: claimDue loads it again then, same text, same digest.
        List<Object> reply = evalClaim(limit);
        // id, due time and definition of each, then Redis' now and the due time of the monitor due first now
        long now = ((Number) reply.get(reply.size() - 2)).longValue();
        long firstDue = ((Number) reply.getLast()).longValue();
        nextDueInMillis = firstDue < 0 ? Long.MAX_VALUE : Math.max(0, firstDue - now);
        List<DueMonitor> due = new ArrayList<>(reply.size() / 3);
        for (int i = 0; i + 2 < reply.size() - 1; i += 3) {
            due.add(new DueMonitor(
                    Long.parseLong(String.valueOf(reply.get(i))),
                    ((Number) reply.get(i + 1)).longValue(),
                    now,
                    String.valueOf(reply.get(i + 2))));
        }
        return due;
    }

    /**
     * How long after the last claim (by Redis' clock) the monitor due first is due: 0 when one is due already,
     * {@code Long.MAX_VALUE} when the schedule was empty.
     */
    long nextDueInMillis() {
        return nextDueInMillis;
    }

    private List<Object> evalClaim(int limit) throws ExecutionException, InterruptedException, TimeoutException {
        return claimDue.<List<Object>>evalAsync(
                        redis,
                        ScriptOutputType.MULTI,
                        new String[] {RedisKeys.SCHEDULE},
                        String.valueOf(limit),
                        RedisKeys.MONITOR_PREFIX,
                        RedisKeys.MONITOR_INTERVAL_FIELD,
                        RedisKeys.MONITOR_DEFINITION_FIELD)
                .get(10, TimeUnit.SECONDS);
    }

    /** Puts monitors back as due at their claimed time, so that the next claim takes them again. */
    void dueAgain(List<DueMonitor> monitors) throws ExecutionException, InterruptedException, TimeoutException {
        List<RedisFuture<Long>> pending = new ArrayList<>();
        for (DueMonitor monitor : monitors) {
            // XX: a monitor deleted meanwhile stays deleted
            pending.add(redis.zadd(
                    RedisKeys.SCHEDULE,
                    ZAddArgs.Builder.xx(),
                    monitor.dueAtMillis(),
                    String.valueOf(monitor.monitorId())));
        }
        for (RedisFuture<Long> future : pending) {
            future.get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Tells crweb that checks are held back, for {@code lifetime} unless said again: the mark is never deleted (the
     * control's Redis user cannot delete keys), it expires soon after the last control holding back let go.
     */
    void markChecksDelayed(ChecksDelayed delayed, Duration lifetime)
            throws ExecutionException, InterruptedException, TimeoutException {
        redis.set(RedisKeys.CHECKS_DELAYED, MessageCodec.toJson(delayed), SetArgs.Builder.px(lifetime.toMillis()))
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * The definitions of the claimed monitors, which the claim returned with them; monitors without one (deleted
     * meanwhile) or with one that cannot be read are absent.
     */
    Map<Long, MonitorDefinition> definitions(List<DueMonitor> due) {
        Map<Long, MonitorDefinition> definitions = new LinkedHashMap<>();
        for (DueMonitor monitor : due) {
            if (monitor.definitionJson().isEmpty()) {
                continue;
            }
            try {
                definitions.put(
                        monitor.monitorId(), MessageCodec.fromJson(monitor.definitionJson(), MonitorDefinition.class));
            } catch (MessageCodec.MalformedMessageException e) {
                log.warn(
                        "skipping monitor with an unreadable definition monitor={} error={}",
                        monitor.monitorId(),
                        e.getMessage());
            }
        }
        return definitions;
    }
}
