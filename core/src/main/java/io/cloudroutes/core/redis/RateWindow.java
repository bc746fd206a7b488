package io.cloudroutes.core.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A sliding-window rate limit kept in Redis, so that every process counting the same thing counts together (several
 * actioners and crweb count one account's emails as one). Each use is a member of a sorted set scored by when it
 * happened; a use is taken only while fewer than the limit happened within the window, atomically (one Lua script).
 *
 * <p>{@link #take} runs the script through the caller's Redis client.
 */
public final class RateWindow {

    /** Takes one use if the window has room; replies {1, 0} when taken, {0, millis until a use frees} when full. */
    public static final String TAKE = """
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
              redis.call('ZADD', KEYS[1], now, ARGV[4])
              redis.call('PEXPIRE', KEYS[1], window)
              return {1, 0}
            end
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            return {0, tonumber(oldest[2]) + window - now}
            """;

    private RateWindow() {}

    /** Runs a Lua script with one key and the given arguments, answering the reply as a list (a Redis client). */
    @FunctionalInterface
    public interface Script {
        List<?> eval(String script, String key, String... arguments);
    }

    /**
     * Takes one use of the window {@code key} at {@code nowMillis} if fewer than {@code limit} happened within
     * {@code window}; throws what the Redis client throws when Redis cannot be reached.
     */
    public static Taken take(Script redis, String key, long nowMillis, Duration window, int limit) {
        return read(redis.eval(TAKE, key, arguments(nowMillis, window, limit)));
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
