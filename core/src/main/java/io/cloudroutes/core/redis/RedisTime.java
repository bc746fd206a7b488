package io.cloudroutes.core.redis;

import java.time.Instant;
import java.util.List;

/**
 * Redis' clock, the one clock of every decision that compares times across processes (what is due, which zones
 * vote, which heartbeat is late): processes whose own clocks disagree still agree on it. The Lua scripts read it
 * with TIME themselves; Java code that computes a time such a script compares reads TIME and converts it here.
 */
public final class RedisTime {

    private RedisTime() {}

    /** The instant of a TIME reply: seconds and microseconds, as strings. */
    public static Instant of(List<String> time) {
        return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1_000);
    }
}
