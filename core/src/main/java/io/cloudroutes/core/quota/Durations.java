package io.cloudroutes.core.quota;

import java.time.Duration;

/** Durations as a person reads them in a message: "45 s", "12 min". */
public final class Durations {

    private Durations() {}

    /** At least one second, rounded up: a wait of 200 ms reads "1 s". */
    public static String words(Duration duration) {
        long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
        return seconds < 120 ? seconds + " s" : (seconds + 59) / 60 + " min";
    }
}
