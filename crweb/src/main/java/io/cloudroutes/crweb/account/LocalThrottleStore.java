package io.cloudroutes.crweb.account;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;

/**
 * Throttle states in this crweb's memory, for while Redis cannot be reached: bounded in size (the oldest go first),
 * each kept for {@code keep}, the longest any state matters.
 */
final class LocalThrottleStore implements ThrottleStore {

    static final int MAX_SUBJECTS = 100_000;

    private final ConcurrentMap<String, String> states;

    LocalThrottleStore(Duration keep) {
        this.states = Caffeine.newBuilder()
                .maximumSize(MAX_SUBJECTS)
                .expireAfterWrite(keep)
                .<String, String>build()
                .asMap();
    }

    @Override
    public String get(String key) {
        return states.get(key);
    }

    @Override
    public boolean replace(String key, String expected, String next, Duration keep) {
        return expected == null ? states.putIfAbsent(key, next) == null : states.replace(key, expected, next);
    }

    @Override
    public void delete(String key) {
        states.remove(key);
    }
}
