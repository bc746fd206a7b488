package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.checks.heartbeat.HeartbeatCheckType;
import io.cloudroutes.checks.heartbeat.HeartbeatSchedule;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each heartbeat monitor's deadline ({@link RedisKeys#HEARTBEAT_DEADLINES}) in step with its folded results:
 * a successful ping sets the deadline of the next one; a monitor that is FAILED has none (the next ping sets it
 * again); a late result that did not fail the monitor yet (failure threshold above 1, or held HEALTHY by hand) waits
 * for the next expected ping, so every missed ping counts as one failure.
 */
@Component
class HeartbeatDeadlines {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatDeadlines.class);

    private final RedisCommands<String, String> redis;

    HeartbeatDeadlines(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.sync();
    }

    /**
     * Updates the deadline after {@code result} was folded into {@code fold}, or after it turned out to be a
     * redelivery ({@code fold} empty): then a lost deadline is restored but an existing one never moved back.
     */
    void afterFold(CheckResult result, MonitorDefinition definition, Optional<Fold> fold) {
        if (!HeartbeatCheckType.ID.equals(definition.checkType())) {
            return;
        }
        Optional<HeartbeatSchedule> schedule = schedule(definition);
        if (schedule.isEmpty()) {
            return;
        }
        try {
            update(result, schedule.get(), fold);
        } catch (IllegalStateException e) {
            // a cron expression that never matches again (validation rejects those): nothing to wait for
            log.warn(
                    "heartbeat monitor has no next expected ping monitor={} error={}", definition.id(), e.getMessage());
        }
    }

    private void update(CheckResult result, HeartbeatSchedule schedule, Optional<Fold> fold) {
        String member = String.valueOf(result.monitorId());
        Instant at = Instant.ofEpochMilli(result.checkedAtMillis());
        boolean late = result.missedDeadline();
        boolean success = !late && result.status() == Status.HEALTHY;
        if (fold.isEmpty()) {
            if (success) {
                redis.zadd(
                        RedisKeys.HEARTBEAT_DEADLINES,
                        ZAddArgs.Builder.nx(),
                        millis(schedule.deadlineAfter(at)),
                        member);
            }
            return;
        }
        if (success) {
            redis.zadd(RedisKeys.HEARTBEAT_DEADLINES, millis(schedule.deadlineAfter(at)), member);
        } else if (fold.get().current() == Status.FAILED) {
            if (!late) {
                redis.zrem(RedisKeys.HEARTBEAT_DEADLINES, member);
            }
            // a late result's deadline was removed when it was claimed; a ping since then may have set a new one
        } else if (late) {
            // the missed ping was expected at checked-at minus grace; the next one is expected after that
            Instant missed = at.minus(schedule.grace());
            redis.zadd(
                    RedisKeys.HEARTBEAT_DEADLINES,
                    ZAddArgs.Builder.nx(),
                    millis(schedule.deadlineAfter(missed)),
                    member);
        }
        // a failure ping that has not failed the monitor yet leaves the deadline of the last success standing
    }

    /** The monitor's schedule, or empty (logged) when its settings do not describe one. */
    static Optional<HeartbeatSchedule> schedule(MonitorDefinition definition) {
        try {
            return Optional.of(HeartbeatSchedule.from(definition.settings()));
        } catch (IllegalArgumentException | DateTimeException e) {
            log.warn(
                    "heartbeat monitor has no usable schedule, its pings set no deadline monitor={} error={}",
                    definition.id(),
                    e.toString());
            return Optional.empty();
        }
    }

    private static double millis(Instant instant) {
        return instant.toEpochMilli();
    }
}
