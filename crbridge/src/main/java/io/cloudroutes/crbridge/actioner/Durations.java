package io.cloudroutes.crbridge.actioner;

import java.time.Duration;

/** Spans as a person reads them in a reason: "5 min", "30 s", "2 h". */
final class Durations {

    private Durations() {}

    static String words(Duration span) {
        long seconds = span.toSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        if (seconds >= 120) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
