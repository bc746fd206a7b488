package io.cloudroutes.crweb.account;

import java.time.Duration;

/** Where throttle states are kept: shared by every crweb in Redis, or in one crweb's memory while Redis is away. */
interface ThrottleStore {

    /** The state stored under {@code key}, encoded, or null. */
    String get(String key);

    /**
     * Stores {@code next} under {@code key} for {@code keep} if what is stored is still {@code expected} (null: nothing);
     * false, changing nothing, when another request changed it meanwhile.
     */
    boolean replace(String key, String expected, String next, Duration keep);

    /** Forgets what is stored under {@code key}. */
    void delete(String key);
}
