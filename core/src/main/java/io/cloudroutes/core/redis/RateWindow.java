package io.cloudroutes.core.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A sliding-window rate limit kept in Redis, so that every process counting the same thing counts together (several
 * actioners and crweb count one account's emails as one). Each use is a member of a sorted set scored by when it
 * happened; a use is taken only while fewer than the limit happened within the window, atomically (one Lua script,
 * {@code take-rate-window.lua}).
 */
public final class RateWindow {

    private static final RedisScript TAKE = RedisScript.of(RateWindow.class, "take-rate-window.lua");

    private RateWindow() {}

    /** The rate windows of one Redis, as a caller reaches it. */
    @FunctionalInterface
    public interface Windows {

        /**
         * Takes one use of the window {@code key} at {@code nowMillis} if fewer than {@code limit} happened within
         * {@code window}; throws what the Redis client throws when Redis cannot be reached.
         */
        Taken take(String key, long nowMillis, Duration window, int limit);
    }

    /** The rate windows of the Redis that {@code redis} speaks to. */
    public static Windows in(RedisScriptingCommands<String, String> redis) {
        return (key, nowMillis, window, limit) -> read(TAKE.<List<Object>>eval(
                redis, ScriptOutputType.MULTI, new String[] {key}, arguments(nowMillis, window, limit)));
    }

    /** The script's arguments for one use at {@code nowMillis} under {@code limit} uses per {@code window}. */
    static String[] arguments(long nowMillis, Duration window, int limit) {
        return new String[] {
            String.valueOf(nowMillis),
            String.valueOf(window.toMillis()),
            String.valueOf(limit),
            nowMillis + ":" + UUID.randomUUID()
        };
    }

    /** What the script answered. */
    public record Taken(boolean taken, Duration untilFree) {}

    /** Reads the script's reply (a list of two integers). */
    static Taken read(List<?> reply) {
        long taken = ((Number) reply.get(0)).longValue();
        long wait = ((Number) reply.get(1)).longValue();
        return new Taken(taken == 1, Duration.ofMillis(Math.max(wait, 0)));
    }
}
