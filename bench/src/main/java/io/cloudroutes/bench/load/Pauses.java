package io.cloudroutes.bench.load;

import java.time.Duration;

/** The harness paces itself in wall-clock time: a measuring step lasts its duration, whatever the processes do. */
final class Pauses {

    private Pauses() {
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
