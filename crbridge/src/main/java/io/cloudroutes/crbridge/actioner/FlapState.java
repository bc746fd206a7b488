package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * Whether a monitor flaps, as the fold last wrote it into the monitor's live state ({@code fold-result.lua}), with
 * the changes it counted, so that holds and notices can say why in a person's words.
 *
 * @param changes the status changes the fold counted within the window at its last change
 * @param window  the flap window the fold used, or null when it never counted a change
 */
record FlapState(boolean flapping, int changes, Duration window) {

    static final String[] FIELDS = {
        RedisKeys.StateField.FLAPPING, RedisKeys.StateField.FLAP_TRANSITIONS, RedisKeys.StateField.FLAP_WINDOW
    };

    /** One read of the monitor's live state. */
    static FlapState read(RedisCommands<String, String> redis, long monitorId) {
        return of(redis.hmget(RedisKeys.state(monitorId), FIELDS));
    }

    /** From the values of {@link #FIELDS}, in that order; missing or unreadable ones count as not flapping. */
    static FlapState of(List<KeyValue<String, String>> values) {
        boolean flapping = "1".equals(values.get(0).getValueOrElse(null));
        String times = values.get(1).getValueOrElse("");
        int changes = times.isBlank() ? 0 : times.split(",").length;
        Duration window;
        try {
            window = Duration.ofMillis(Long.parseLong(values.get(2).getValueOrElse("")));
        } catch (NumberFormatException e) {
            window = null;
        }
        return new FlapState(flapping, changes, window);
    }

    /** "'web' is flapping (6 changes in 10 min)". */
    String describe(String monitorName) {
        return "'" + monitorName + "' is flapping (" + changes + (changes == 1 ? " change" : " changes")
                + (window == null ? "" : " in " + span(window)) + ")";
    }

    /** A window as people say it: "10 min", "2 h", "90 s". */
    static String span(Duration window) {
        if (window.toMillis() % 3_600_000 == 0) {
            return window.toHours() + " h";
        }
        if (window.toMillis() % 60_000 == 0) {
            return window.toMinutes() + " min";
        }
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }
}
