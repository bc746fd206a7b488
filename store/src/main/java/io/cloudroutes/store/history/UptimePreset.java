package io.cloudroutes.store.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** The ranges uptime is usually asked for, ending now: 24h, 7d, 30d, 90d. */
public enum UptimePreset {
    LAST_24_HOURS("24h", Duration.ofHours(24)),
    LAST_7_DAYS("7d", Duration.ofDays(7)),
    LAST_30_DAYS("30d", Duration.ofDays(30)),
    LAST_90_DAYS("90d", Duration.ofDays(90));

    private final String label;
    private final Duration length;

    UptimePreset(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    /** How the API and pages name it: 24h, 7d, 30d, 90d. */
    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    /** The range of this preset that ends at {@code now}. */
    public TimeRange endingAt(Instant now) {
        return new TimeRange(now.minus(length), now);
    }

    public static Optional<UptimePreset> ofLabel(String label) {
        return Arrays.stream(values())
                .filter(p -> p.label.equalsIgnoreCase(label))
                .findFirst();
    }
}
