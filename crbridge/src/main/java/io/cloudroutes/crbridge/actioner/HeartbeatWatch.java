package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.checks.heartbeat.HeartbeatCheckType;
import io.cloudroutes.checks.heartbeat.HeartbeatSchedule;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fails heartbeat monitors whose ping is overdue. Every second it claims the deadlines that have passed
 * ({@link RedisKeys#HEARTBEAT_DEADLINES}) with one Lua script ({@code take-due.lua}), so that with several actioners
 * each one is handled once, and folds a FAILED result for each through the same path as every other result. No worker
 * polls anything. "Passed" is by Redis' clock (TIME in the script), never the actioner's: actioners whose clocks
 * disagree still agree on which ping is late.
 */
@Component
class HeartbeatWatch extends EverySecond {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatWatch.class);

    private static final int BATCH = 100;
    /** Takes the deadlines that passed: Redis' now (ms), then each claimed monitor with its deadline. */
    private final RedisScript takeDue = RedisScript.of(HeartbeatWatch.class, "take-due.lua");

    private final RedisCommands<String, String> redis;
    private final StateFolder folder;
    private final ResultProcessor processor;

    HeartbeatWatch(StatefulRedisConnection<String, String> connection, StateFolder folder, ResultProcessor processor) {
        super("heartbeat deadlines");
        this.redis = connection.sync();
        this.folder = folder;
        this.processor = processor;
    }

    /** Fails every monitor whose deadline has passed by Redis' clock; returns how many deadlines it claimed. */
    int expireDue() {
        int claimed = 0;
        int batch;
        do {
            List<Object> reply = claim();
            long nowMillis = ((Number) reply.getFirst()).longValue();
            List<Object> due = reply.subList(1, reply.size());
            for (int i = 0; i + 1 < due.size(); i += 2) {
                expire(
                        Long.parseLong((String) due.get(i)),
                        (long) Double.parseDouble((String) due.get(i + 1)),
                        nowMillis);
            }
            batch = due.size() / 2;
            claimed += batch;
        } while (batch == BATCH);
        return claimed;
    }

    private void expire(long monitorId, long deadlineMillis, long nowMillis) {
        Optional<MonitorDefinition> definition = folder.definition(monitorId);
        if (definition.isEmpty()
                || !HeartbeatCheckType.ID.equals(definition.get().checkType())
                || !definition.get().enabled()) {
            log.debug("dropping the heartbeat deadline of a deleted, paused or changed monitor monitor={}", monitorId);
            return;
        }
        Optional<HeartbeatSchedule> schedule = HeartbeatDeadlines.schedule(definition.get());
        if (schedule.isEmpty()) {
            return;
        }
        Optional<Instant> unfoldedPing = lastAcceptedPing(monitorId)
                .filter(ping -> schedule.get().deadlineAfter(ping).toEpochMilli() > nowMillis);
        if (unfoldedPing.isPresent()) {
            // crweb accepted a ping this deadline does not know of: it waits in the stream (a backlog after a
            // restart, a slow fold). Not late; the ping's fold sets the next deadline, this is the fallback.
            log.info(
                    "heartbeat ping accepted but not folded yet, not late monitor={} ping={}",
                    monitorId,
                    unfoldedPing.get());
            redis.zadd(
                    RedisKeys.HEARTBEAT_DEADLINES,
                    ZAddArgs.Builder.nx(),
                    schedule.get().deadlineAfter(unfoldedPing.get()).toEpochMilli(),
                    String.valueOf(monitorId));
            return;
        }
        Instant deadline = Instant.ofEpochMilli(deadlineMillis);
        CheckResult late = CheckResult.late(monitorId, deadlineMillis, reason(monitorId, deadline, schedule.get()));
        try {
            processor.process(late);
        } catch (RuntimeException e) {
            // Put it back (unless a ping set a new deadline meanwhile) so the next tick tries again.
            log.warn("could not fail a late heartbeat monitor, retrying monitor={} error={}", monitorId, e.toString());
            redis.zadd(RedisKeys.HEARTBEAT_DEADLINES, ZAddArgs.Builder.nx(), deadlineMillis, String.valueOf(monitorId));
        }
    }

    /**
     * {@code no ping since 2026-11-25T10:00:00Z; expected by 2026-11-25T11:05:00Z (period 1 h + grace 5 min)}; without
     * a ping among the recent results (e.g. after Redis lost its data) just {@code no ping; expected by …}.
     */
    private String reason(long monitorId, Instant deadline, HeartbeatSchedule schedule) {
        String expected = "expected by " + deadline.truncatedTo(ChronoUnit.SECONDS) + " (" + schedule.describe() + ")";
        return lastPing(monitorId)
                .map(at -> "no ping since " + at.truncatedTo(ChronoUnit.SECONDS) + "; " + expected)
                .orElse("no ping; " + expected);
    }

    /** When crweb last accepted a ping for the monitor, folded or not. */
    private Optional<Instant> lastAcceptedPing(long monitorId) {
        String millis = redis.get(RedisKeys.heartbeatLastPing(monitorId));
        try {
            return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(millis)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** When the newest ping among the monitor's recent results arrived. */
    private Optional<Instant> lastPing(long monitorId) {
        for (String json : redis.lrange(RedisKeys.recent(monitorId), 0, RedisKeys.RECENT_RESULTS - 1)) {
            try {
                CheckResult recent = MessageCodec.fromJson(json, CheckResult.class);
                if (!recent.missedDeadline()) {
                    return Optional.of(Instant.ofEpochMilli(recent.checkedAtMillis()));
                }
            } catch (MessageCodec.MalformedMessageException e) {
                // an unreadable entry tells nothing; look further back
            }
        }
        return Optional.empty();
    }

    private List<Object> claim() {
        return takeDue.eval(
                redis, ScriptOutputType.MULTI, new String[] {RedisKeys.HEARTBEAT_DEADLINES}, String.valueOf(BATCH));
    }

    @Override
    void runOnce() {
        expireDue();
    }
}
