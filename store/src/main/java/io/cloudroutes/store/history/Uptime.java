package io.cloudroutes.store.history;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * A monitor's uptime over a range: {@code observed} is the time its status was known (HEALTHY or FAILED: not before
 * its first result, not before it existed), {@code excluded} the part of that inside maintenance windows, and
 * {@code failed} the time FAILED outside them. Uptime is {@code 1 - failed / (observed - excluded)}, none when nothing
 * was observed outside maintenance.
 */
public record Uptime(Duration failed, Duration observed, Duration excluded) {

    public static final Uptime NONE = new Uptime(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** The time that counts: observed and outside maintenance. */
    public Duration counted() {
        return observed.minus(excluded);
    }

    /** Between 0 and 1, or empty when no time counts ("no data"). */
    public OptionalDouble ratio() {
        long counted = counted().toMillis();
        if (counted <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(1.0 - (double) failed.toMillis() / counted);
    }
}
