package io.cloudroutes.crweb.ping;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.cloudroutes.core.redis.RedisTime;
import io.cloudroutes.crweb.system.LiveRedis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.springframework.stereotype.Component;

/**
 * Appends a ping's result to the results stream the actioners consume, and remembers when the monitor was pinged, in
 * one step; returns only once Redis holds both, and throws Lettuce's {@code RedisException} otherwise.
 */
@Component
class PingLog {

    // Longer than the longest period plus grace a heartbeat may have, so the time outlives any deadline it explains.
    private static final long LAST_PING_TTL_SECONDS = 400L * 24 * 3600;

    private final RedisScript appendPing = RedisScript.of(PingLog.class, "append-ping.lua");
    private final LiveRedis redis;

    PingLog(LiveRedis redis) {
        this.redis = redis;
    }

    void append(long monitorId, Status status, String reason) {
        RedisCommands<String, String> commands = redis.connection().sync();
        // The ping's time by Redis' clock, which the actioners compare its deadline with: a crweb whose own clock is
        // off moves no deadline.
        long pingedAt = RedisTime.of(commands.time()).toEpochMilli();
        CheckResult result = CheckResult.pinged(monitorId, status, reason, pingedAt);
        // The result and the time of the ping in one step: the actioner reads the time to tell a ping it has not
        // folded yet from a missed one, so that a backlog never fails a job that did ping.
        appendPing.eval(
                commands,
                ScriptOutputType.STATUS,
                new String[] {RedisKeys.RESULTS_STREAM, RedisKeys.heartbeatLastPing(monitorId)},
                RedisKeys.RESULTS_STREAM_FIELD,
                MessageCodec.toJson(result),
                String.valueOf(result.checkedAtMillis()),
                String.valueOf(LAST_PING_TTL_SECONDS));
    }
}
