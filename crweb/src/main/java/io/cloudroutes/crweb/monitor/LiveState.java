package io.cloudroutes.crweb.monitor;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.api.ApiPage;
import io.cloudroutes.crweb.system.LiveRedis;
import io.lettuce.core.RedisFuture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Reads the live state the actioner keeps in Redis. When Redis cannot be reached, states are unavailable, not errors. */
@Component
public class LiveState {

    private final LiveRedis redis;
    private final Clock clock;

    LiveState(LiveRedis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * A monitor's state as shown in lists and on its page; {@code rebuilding} while the bridge restores live state after
     * Redis lost its data (the status may still be missing then).
     */
    public record MonitorState(
            Status status,
            Instant since,
            String reason,
            Instant lastCheckedAt,
            Long lastLatencyMillis,
            boolean available,
            boolean rebuilding,
            List<ZoneState> zones,
            Flapping flapping) {

        static MonitorState unknown(boolean available, boolean rebuilding) {
            return new MonitorState(
                    Status.UNKNOWN, null, null, null, null, available, rebuilding, List.of(), Flapping.STABLE);
        }
    }

    /**
     * Whether the monitor is flapping: it changed status more often than the actioners' flap damping allows, and has
     * not been quiet for its window since (docs/monitoring-semantics.md, "Flapping"). {@code changes} are its status
     * changes within the {@code window} before now (the fold keeps only as many as the limit needs, one more than it).
     */
    public record Flapping(boolean flapping, int changes, Duration window) {

        static final Flapping STABLE = new Flapping(false, 0, null);

        /** For people: "6 changes in the last 10 min". */
        public String summary() {
            String count = changes == 1 ? "1 change" : changes + " changes";
            if (window == null) {
                return count;
            }
            long minutes = window.toMinutes();
            String span = window.toSecondsPart() == 0 && minutes > 0 ? minutes + " min" : window.toSeconds() + " s";
            return count + " in the last " + span;
        }
    }

    /** What one zone sees of a monitor. */
    public record ZoneState(String zone, Status status, Instant lastResultAt, String reason, boolean voting) {}

    /** The states of many monitors in one pipelined round trip. */
    public Map<Long, MonitorState> states(Collection<Long> monitorIds) {
        Map<Long, MonitorState> states = new LinkedHashMap<>();
        try {
            RedisFuture<String> rebuildingSince = redis.connection().async().get(RedisKeys.REBUILDING);
            Map<Long, RedisFuture<Map<String, String>>> pending = new LinkedHashMap<>();
            for (Long id : monitorIds) {
                pending.put(id, redis.connection().async().hgetall(RedisKeys.state(id)));
            }
            boolean rebuilding = rebuildingSince.get(2, TimeUnit.SECONDS) != null;
            for (Map.Entry<Long, RedisFuture<Map<String, String>>> entry : pending.entrySet()) {
                states.put(
                        entry.getKey(), toState(entry.getValue().get(2, TimeUnit.SECONDS), rebuilding, clock.millis()));
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            monitorIds.forEach(id -> states.put(id, MonitorState.unknown(false, false)));
        }
        return states;
    }

    public MonitorState state(long monitorId) {
        return states(List.of(monitorId)).get(monitorId);
    }

    /**
     * One page of the latest results (Redis keeps the last {@link RedisKeys#RECENT_RESULTS}), newest first, paged like
     * the API's lists; an empty page when Redis cannot be reached.
     */
    public ApiPage<CheckResult> recentResults(long monitorId, int page, int size) {
        long total;
        List<String> found;
        try {
            var commands = redis.connection().sync();
            total = Math.min(commands.llen(RedisKeys.recent(monitorId)), RedisKeys.RECENT_RESULTS);
            long first = (long) page * size;
            long last = Math.min(first + size, total) - 1;
            found = first > last ? List.of() : commands.lrange(RedisKeys.recent(monitorId), first, last);
        } catch (RuntimeException e) {
            return new ApiPage<>(List.of(), page, size, 0, 0);
        }
        return new ApiPage<>(parse(found), page, size, total, (int) ((total + size - 1) / size));
    }

    private static List<CheckResult> parse(List<String> jsonResults) {
        List<CheckResult> results = new ArrayList<>();
        for (String json : jsonResults) {
            try {
                results.add(MessageCodec.fromJson(json, CheckResult.class));
            } catch (MessageCodec.MalformedMessageException ignored) {
                // one unreadable entry must not hide the others
            }
        }
        return results;
    }

    private static MonitorState toState(Map<String, String> hash, boolean rebuilding, long nowMillis) {
        if (hash == null || hash.isEmpty()) {
            return MonitorState.unknown(true, rebuilding);
        }
        return new MonitorState(
                Status.valueOf(hash.getOrDefault(RedisKeys.StateField.STATUS, "UNKNOWN")),
                instant(hash.get(RedisKeys.StateField.SINCE)),
                hash.get(RedisKeys.StateField.REASON),
                instant(hash.get(RedisKeys.StateField.LAST_CHECKED_AT)),
                hash.containsKey(RedisKeys.StateField.LAST_LATENCY_MILLIS)
                        ? Long.valueOf(hash.get(RedisKeys.StateField.LAST_LATENCY_MILLIS))
                        : null,
                true,
                rebuilding,
                zones(hash),
                flapping(hash, nowMillis));
    }

    private static Flapping flapping(Map<String, String> hash, long nowMillis) {
        if (!"1".equals(hash.get(RedisKeys.StateField.FLAPPING))) {
            return Flapping.STABLE;
        }
        Long window = millis(hash.get(RedisKeys.StateField.FLAP_WINDOW));
        Duration span = window == null ? null : Duration.ofMillis(window);
        int changes = 0;
        String times = hash.getOrDefault(RedisKeys.StateField.FLAP_TRANSITIONS, "");
        for (String at : times.split(",")) {
            Long changedAt = millis(at);
            if (changedAt != null && (span == null || changedAt > nowMillis - span.toMillis())) {
                changes++;
            }
        }
        return new Flapping(true, changes, span);
    }

    /** A time or span the fold wrote, or null when missing or unreadable: one odd field must not hide every state. */
    private static Long millis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<ZoneState> zones(Map<String, String> hash) {
        String names = hash.get(RedisKeys.StateField.ZONES);
        if (names == null || names.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(names.split(","))
                .map(zone -> new ZoneState(
                        zone,
                        Status.valueOf(hash.getOrDefault(RedisKeys.StateField.zone(zone, "status"), "UNKNOWN")),
                        instant(hash.get(RedisKeys.StateField.zone(zone, "at"))),
                        hash.get(RedisKeys.StateField.zone(zone, "reason")),
                        !"1".equals(hash.get(RedisKeys.StateField.zone(zone, "abstain")))))
                .toList();
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
