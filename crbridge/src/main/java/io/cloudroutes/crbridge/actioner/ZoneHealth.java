package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether CloudRoutes' own checkers look broken. Every actioner notes, after each batch it folded, when each worker
 * zone was last heard ({@link RedisKeys#ZONES_SEEN}): its last voting result, and its last result abstaining because
 * the zone cannot reach its canary. Every zone heard lately being canary-down, or no worker result at all for the
 * silence limit, means the checks themselves are suspect, not the targets.
 */
@Component
class ZoneHealth {

    private static final Logger log = LoggerFactory.getLogger(ZoneHealth.class);
    /** A zone not heard for this long is taken as gone (taken down, renamed) and no longer counts. */
    static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

    private static final String VOTE = ":vote";
    private static final String CANARY = ":canary";

    private final RedisCommands<String, String> redis;
    private final Clock clock;

    ZoneHealth(StatefulRedisConnection<String, String> connection, Clock clock) {
        this.redis = connection.sync();
        this.clock = clock;
    }

    /** Notes the worker zones of the results just folded, in one write. Never fails the results' handling. */
    void heard(List<CheckResult> folded) {
        Map<String, String> fields = new HashMap<>();
        String now = String.valueOf(clock.millis());
        for (CheckResult result : folded) {
            if (ZoneNames.WEBHOOK.equals(result.zone()) || ZoneNames.HEARTBEAT.equals(result.zone())) {
                continue; // pushed, not checked: says nothing of CloudRoutes' checkers
            }
            if (result.canaryDown()) {
                fields.put(result.zone() + CANARY, now);
            } else if (!result.abstaining()) {
                fields.put(result.zone() + VOTE, now);
            }
        }
        if (fields.isEmpty()) {
            return;
        }
        try {
            redis.hset(RedisKeys.ZONES_SEEN, fields);
        } catch (RuntimeException e) {
            log.debug("could not note the zones heard error={}", e.toString());
        }
    }

    /**
     * Why the checkers look broken at {@code now}, or empty: every zone heard within {@link #FORGOTTEN_AFTER} cannot
     * reach its canary (its last canary abstention is later than its last vote), or, while {@code workerMonitors},
     * no zone was heard for {@code silence}.
     */
    Optional<String> broken(Instant now, Duration silence, boolean workerMonitors) {
        Map<String, long[]> zones = new TreeMap<>();
        redis.hgetall(RedisKeys.ZONES_SEEN).forEach((field, value) -> {
            int colon = field.lastIndexOf(':');
            if (colon <= 0) {
                return;
            }
            long[] heard = zones.computeIfAbsent(field.substring(0, colon), z -> new long[2]);
            try {
                heard[field.endsWith(CANARY) ? 1 : 0] = Long.parseLong(value);
            } catch (NumberFormatException e) {
                // written by no version of CloudRoutes: not counted
            }
        });
        long forgotten = now.minus(FORGOTTEN_AFTER).toEpochMilli();
        zones.values().removeIf(heard -> Math.max(heard[0], heard[1]) < forgotten);
        if (zones.isEmpty()) {
            return Optional.empty(); // no worker zone known: nothing to judge by
        }
        if (zones.values().stream().allMatch(heard -> heard[1] > heard[0])) {
            return Optional.of("every zone's canary fails (" + String.join(", ", zones.keySet())
                    + "): CloudRoutes' own checkers may be wrong");
        }
        long last = zones.values().stream()
                .mapToLong(heard -> Math.max(heard[0], heard[1]))
                .max()
                .orElseThrow();
        if (workerMonitors && last < now.minus(silence).toEpochMilli()) {
            return Optional.of("no worker result for " + Durations.words(Duration.ofMillis(now.toEpochMilli() - last))
                    + " (limit " + Durations.words(silence) + "): CloudRoutes' own checkers may be down");
        }
        return Optional.empty();
    }
}
