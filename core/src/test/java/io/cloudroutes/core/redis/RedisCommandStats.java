package io.cloudroutes.core.redis;

import java.util.HashMap;
import java.util.Map;

/** Redis' command statistics, for tests that count what a component asks of Redis. */
public final class RedisCommandStats {

    private RedisCommandStats() {}

    /** How often Redis ran each command since it started, by command name, from {@code INFO commandstats}. */
    public static Map<String, Long> calls(String commandStats) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : commandStats.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + "calls=".length());
                calls.put(name, Long.parseLong(count.substring(0, count.indexOf(','))));
            }
        }
        return calls;
    }
}
