package io.cloudroutes.crweb.dashboard;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.cloudroutes.crweb.system.LiveRedis;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * The status of many monitors at once, from the live state the actioner keeps in Redis: a script answers a chunk of
 * monitors, and all chunks go out in one write (one round trip for ten thousand monitors). Only the status and its
 * start are read, not the whole state with its zones.
 */
@Component
class LiveStatuses {

    /** Keys per script run: one run stays short, so Redis answers others in between. */
    static final int KEYS_PER_RUN = 1000;

    /**
     * A monitor's status, when it began (null when it never changed), and whether it is flapping (changing status too
     * often, see docs/monitoring-semantics.md).
     */
    record Live(Status status, Instant since, boolean flapping) {
        static final Live UNKNOWN = new Live(Status.UNKNOWN, null, false);
    }

    private static final String[] FIELDS = {
        RedisKeys.StateField.STATUS, RedisKeys.StateField.SINCE, RedisKeys.StateField.FLAPPING
    };

    /** The statuses read, or {@code available = false} (every status unknown) when Redis cannot be reached. */
    record Statuses(Map<Long, Live> byId, boolean available) {
        Live of(long monitorId) {
            return byId.getOrDefault(monitorId, Live.UNKNOWN);
        }
    }

    private final RedisScript statuses = RedisScript.of(LiveStatuses.class, "statuses.lua");
    private final LiveRedis redis;

    LiveStatuses(LiveRedis redis) {
        this.redis = redis;
    }

    Statuses read(List<Long> monitorIds) {
        if (monitorIds.isEmpty()) {
            return new Statuses(Map.of(), true);
        }
        List<RedisScript.Call> calls = new ArrayList<>();
        for (int from = 0; from < monitorIds.size(); from += KEYS_PER_RUN) {
            List<Long> chunk = monitorIds.subList(from, Math.min(from + KEYS_PER_RUN, monitorIds.size()));
            calls.add(new RedisScript.Call(chunk.stream().map(RedisKeys::state).toArray(String[]::new), FIELDS));
        }
        Map<Long, Live> byId = new HashMap<>(monitorIds.size() * 2);
        try {
            List<CompletableFuture<List<String>>> replies =
                    statuses.evalAll(redis.connection(), ScriptOutputType.MULTI, calls);
            for (int run = 0; run < replies.size(); run++) {
                List<String> reply = replies.get(run).join();
                int first = run * KEYS_PER_RUN;
                int n = FIELDS.length;
                for (int i = 0; i * n < reply.size(); i++) {
                    byId.put(
                            monitorIds.get(first + i),
                            live(reply.get(n * i), reply.get(n * i + 1), "1".equals(reply.get(n * i + 2))));
                }
            }
        } catch (RuntimeException e) {
            return new Statuses(Map.of(), false);
        }
        return new Statuses(byId, true);
    }

    private static Live live(String status, String since, boolean flapping) {
        if (status == null) {
            return Live.UNKNOWN;
        }
        Status parsed;
        try {
            parsed = Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            parsed = Status.UNKNOWN;
        }
        Instant began = null;
        if (since != null) {
            try {
                began = Instant.ofEpochMilli(Long.parseLong(since));
            } catch (NumberFormatException e) {
                // an unreadable time sorts as never changed
            }
        }
        return new Live(parsed, began, flapping);
    }
}
