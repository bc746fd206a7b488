package io.cloudroutes.crbridge.bridge;

import io.cloudroutes.checks.heartbeat.HeartbeatCheckType;
import io.cloudroutes.checks.heartbeat.HeartbeatSchedule;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisTime;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.DateTimeException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives a healthy heartbeat monitor that has no ping deadline in Redis (Redis lost its data, or the monitor was just
 * enabled again) a conservative one: a full schedule from now. A job that stays silent is then still noticed, and a
 * job that pings on time never fails because of it. A monitor that never pinged stays UNKNOWN, one that is FAILED
 * waits for its next ping.
 */
@Component
class HeartbeatDeadlineSeeder {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatDeadlineSeeder.class);

    private final RedisCommands<String, String> redis;
    private final MonitorEventRepository events;

    HeartbeatDeadlineSeeder(StatefulRedisConnection<String, String> connection, MonitorEventRepository events) {
        this.redis = connection.sync();
        this.events = events;
    }

    /** Sets the monitor's deadline when it needs one and has none; returns whether it did. */
    boolean seed(Monitor monitor) {
        if (!HeartbeatCheckType.ID.equals(monitor.getCheckType()) || !monitor.isEnabled()) {
            return false;
        }
        String member = String.valueOf(monitor.getId());
        if (redis.zscore(RedisKeys.HEARTBEAT_DEADLINES, member) != null || lastKnownStatus(monitor) != Status.HEALTHY) {
            return false;
        }
        long deadline;
        try {
            // from Redis' now, the clock the actioners' watch compares deadlines with
            deadline = HeartbeatSchedule.from(monitor.getSettings())
                    .deadlineAfter(RedisTime.of(redis.time()))
                    .toEpochMilli();
        } catch (IllegalArgumentException | IllegalStateException | DateTimeException e) {
            log.warn("heartbeat monitor has no usable schedule monitor={} error={}", monitor.getId(), e.toString());
            return false;
        }
        // NX: a ping folded since the check above has set the real deadline
        redis.zadd(RedisKeys.HEARTBEAT_DEADLINES, ZAddArgs.Builder.nx(), deadline, member);
        log.info(
                "heartbeat monitor had no deadline, gave it one schedule from now monitor={} deadline={}",
                monitor.getId(),
                Instant.ofEpochMilli(deadline));
        return true;
    }

    /** The status in Redis, or when Redis lost it, the status of the monitor's last transition in PostgreSQL. */
    private Status lastKnownStatus(Monitor monitor) {
        String live = redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS);
        if (live != null) {
            return Status.valueOf(live);
        }
        return events.findFirstByMonitorIdOrderByIdDesc(monitor.getId())
                .map(MonitorEvent::getToStatus)
                .orElse(Status.UNKNOWN);
    }
}
