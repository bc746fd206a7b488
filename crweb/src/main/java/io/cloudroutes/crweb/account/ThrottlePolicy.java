package io.cloudroutes.crweb.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When failures lock a subject (an email address, a client address) out, and for how long: {@code maxFailures}
 * within {@code window} lock it out for {@code lockout}; each lock-out in a row lasts twice as long as the one
 * before, up to {@code maxLockout}; a lock-out more than {@link #STRIKE_MEMORY} after the last one starts again at
 * {@code lockout}. Pure: the state is kept by a {@link ThrottleStore}, the time comes from the caller.
 */
record ThrottlePolicy(int maxFailures, Duration window, Duration lockout, Duration maxLockout) {

    /** How long lock-outs are remembered to make the next one longer. */
    static final Duration STRIKE_MEMORY = Duration.ofDays(1);

    /**
     * What is remembered of one subject (epoch milliseconds).
     *
     * @param failures    failures in the current window
     * @param windowStart when the current window began
     * @param lockedUntil until when the subject is locked out (in the past when it is not)
     * @param lockouts    lock-outs in a row
     * @param lastLockout when the last lock-out began (0 if none)
     */
    record State(int failures, long windowStart, long lockedUntil, int lockouts, long lastLockout) {

        /** The state as stored: five numbers separated by commas. */
        String encode() {
            return failures + "," + windowStart + "," + lockedUntil + "," + lockouts + "," + lastLockout;
        }

        /** The stored state, or null for nothing stored or something unreadable (which then counts as nothing). */
        static State decode(String stored) {
            if (stored == null) {
                return null;
            }
            String[] parts = stored.split(",");
            try {
                return new State(
                        Integer.parseInt(parts[0]),
                        Long.parseLong(parts[1]),
                        Long.parseLong(parts[2]),
                        Integer.parseInt(parts[3]),
                        Long.parseLong(parts[4]));
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    /** Until when the subject is locked out, if it is now. */
    Optional<Instant> lockedUntil(State state, Instant now) {
        return state != null && state.lockedUntil() > now.toEpochMilli()
                ? Optional.of(Instant.ofEpochMilli(state.lockedUntil()))
                : Optional.empty();
    }

    /** The state after one more failure at {@code now}; locked out when it was the last one allowed. */
    State afterFailure(State state, Instant now) {
        long at = now.toEpochMilli();
        int failures = 0;
        long windowStart = at;
        long lockedUntil = 0;
        int lockouts = 0;
        long lastLockout = 0;
        if (state != null) {
            lockedUntil = state.lockedUntil();
            if (at - state.lastLockout() < STRIKE_MEMORY.toMillis()) {
                lockouts = state.lockouts();
                lastLockout = state.lastLockout();
            }
            if (at - state.windowStart() < window.toMillis()) {
                failures = state.failures();
                windowStart = state.windowStart();
            }
        }
        failures++;
        if (failures >= maxFailures) {
            lockouts++;
            lockedUntil = at + lockoutLength(lockouts).toMillis();
            lastLockout = at;
            failures = 0;
            windowStart = at;
        }
        return new State(failures, windowStart, lockedUntil, lockouts, lastLockout);
    }

    /** The length of the {@code n}th lock-out in a row (from 1). */
    Duration lockoutLength(int n) {
        Duration length = lockout;
        for (int i = 1; i < n && length.compareTo(maxLockout) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(maxLockout) > 0 ? maxLockout : length;
    }

    /** How long the state must be kept from {@code now}: while it still changes what a next failure does. */
    Duration keep(State state, Instant now) {
        long at = now.toEpochMilli();
        long until = Math.max(state.windowStart() + window.toMillis(), state.lockedUntil());
        if (state.lockouts() > 0) {
            until = Math.max(until, state.lastLockout() + STRIKE_MEMORY.toMillis());
        }
        return Duration.ofMillis(Math.max(until - at, 1000));
    }
}
