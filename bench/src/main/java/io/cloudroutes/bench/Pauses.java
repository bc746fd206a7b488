package io.cloudroutes.bench;

import java.time.Duration;

/** The benchmarks pace themselves in wall-clock time: a measuring step lasts its duration, whatever the processes do. */
public final class Pauses {

    private Pauses() {}

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
