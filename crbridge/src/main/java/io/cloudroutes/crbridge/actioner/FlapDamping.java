package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.crbridge.system.CrbridgeProperties;
import java.time.Duration;

/**
 * When a monitor is flapping: it changed status more than {@code transitions} times within {@code window}. It is
 * stable again once no change happened for a whole {@code window}. The fold decides it ({@code fold-result.lua}), so
 * every actioner, and a replay of history, agrees on it.
 */
record FlapDamping(int transitions, Duration window) {

    static final FlapDamping DEFAULT = new FlapDamping(5, Duration.ofMinutes(10));

    FlapDamping {
        if (transitions < 1) {
            throw new IllegalArgumentException("flap damping needs at least 1 transition, not " + transitions);
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("flap damping needs a window of at least 1 ms, not " + window);
        }
    }

    static FlapDamping of(CrbridgeProperties.Flap settings) {
        return new FlapDamping(settings.transitions(), settings.window());
    }
}
