package io.cloudroutes.crweb.history;

import io.cloudroutes.store.history.UptimeCalculator.DayUptime;
import io.cloudroutes.store.history.UptimePreset;
import io.cloudroutes.store.monitor.Monitor;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.springframework.stereotype.Component;

/**
 * A monitor's uptime as pages show it: the figure for 24 hours, 7, 30 and 90 days, and the strip of one bar a day for
 * the last 90 days, each bar with its level (the colour) and its words (for the tooltip and screen readers). The
 * numbers are {@link CheckHistoryQueries}', so the page, the API and status pages say the same.
 */
@Component
public class UptimeSummaries {

    /** The days the strip shows. */
    public static final int STRIP_DAYS = 90;

    private final CheckHistoryQueries history;

    UptimeSummaries(CheckHistoryQueries history) {
        this.history = history;
    }

    /** One range's uptime: its label ({@code 24h}, …) and the figure ({@code 99.95%}, or {@code no data}). */
    public record RangeUptime(String label, String figure) {}

    /**
     * One day of the strip.
     *
     * @param level {@code up} (at least 99.9%), {@code degraded} (at least 95%), {@code down}, or {@code none}
     * @param words the day and its figure, e.g. {@code 2026-12-01: 99.95%}
     */
    public record Bar(LocalDate date, String level, String words) {}

    /** What a monitor page shows; days are UTC days. */
    public record Summary(List<RangeUptime> ranges, List<Bar> strip) {}

    /** The version of the chart library's webjar, read from its own metadata, for the page's versioned links. */
    public String chartLibraryVersion() {
        return CHART_LIBRARY_VERSION;
    }

    private static final String CHART_LIBRARY_VERSION = webjarVersion("uplot");

    private static String webjarVersion(String name) {
        String properties = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (java.io.InputStream in = UptimeSummaries.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the " + name + " webjar is not on the class path (" + properties + ")");
            }
            java.util.Properties read = new java.util.Properties();
            read.load(in);
            return read.getProperty("version");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Summary of(Monitor monitor) {
        CheckHistoryQueries.Overview overview = history.overview(monitor, STRIP_DAYS, ZoneOffset.UTC);
        List<RangeUptime> ranges = Arrays.stream(UptimePreset.values())
                .map(preset -> new RangeUptime(
                        preset.label(), figure(overview.presets().get(preset).ratio())))
                .toList();
        return new Summary(ranges, bars(overview.days()));
    }

    private static List<Bar> bars(List<DayUptime> days) {
        return days.stream()
                .map(day -> new Bar(day.date(), level(day.uptime()), day.date() + ": " + figure(day.uptime())))
                .toList();
    }

    /** The colour of a day: at least 99.9% up, at least 95% degraded, else down; none without data. */
    public static String level(OptionalDouble uptime) {
        if (uptime.isEmpty()) {
            return "none";
        }
        double ratio = uptime.getAsDouble();
        return ratio >= 0.999 ? "up" : ratio >= 0.95 ? "degraded" : "down";
    }

    /**
     * An uptime as people read it: two decimals, never rounded up to 100% (99.999% shows as 99.99%), {@code no data}
     * when nothing was observed.
     */
    public static String figure(OptionalDouble uptime) {
        if (uptime.isEmpty()) {
            return "no data";
        }
        double percent = uptime.getAsDouble() * 100;
        if (percent >= 100) {
            return "100%";
        }
        double floored = Math.floor(percent * 100) / 100;
        return String.format(Locale.ROOT, "%.2f%%", floored);
    }
}
