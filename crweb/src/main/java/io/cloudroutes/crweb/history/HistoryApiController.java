package io.cloudroutes.crweb.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudroutes.crweb.api.InvalidQueryException;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.history.TimeRange;
import io.cloudroutes.store.history.Uptime;
import io.cloudroutes.store.history.UptimePreset;
import io.cloudroutes.store.monitor.Monitor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A monitor's history as numbers and series: uptime over the usual ranges or a custom one, uptime day by day (the
 * strip of bars), and response time from the roll-ups. Read-only, for any member; another team's monitor is 404.
 */
@RestController
@Tag(name = "History")
class HistoryApiController {

    private static final String PRESETS =
            Arrays.stream(UptimePreset.values()).map(UptimePreset::label).collect(Collectors.joining(", "));
    static final int MAX_DAYS = 400;

    private final MonitorService monitors;
    private final CheckHistoryQueries history;

    HistoryApiController(MonitorService monitors, CheckHistoryQueries history) {
        this.monitors = monitors;
        this.history = history;
    }

    /**
     * A monitor's uptime over one range.
     *
     * @param range           {@code 24h}, {@code 7d}, {@code 30d}, {@code 90d}, or {@code custom} for from/to
     * @param uptime          between 0 and 1; absent when no time counted (no result yet, or all in maintenance)
     * @param failedSeconds   time FAILED, outside maintenance
     * @param observedSeconds time the status was known (not before the first result or the monitor's creation)
     * @param excludedSeconds the part of the observed time inside maintenance windows
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UptimeView(
            String range,
            Instant from,
            Instant to,
            Double uptime,
            long failedSeconds,
            long observedSeconds,
            long excludedSeconds) {

        static UptimeView of(String name, TimeRange range, Uptime uptime) {
            return new UptimeView(
                    name,
                    range.from(),
                    range.to(),
                    uptime.ratio().isPresent() ? uptime.ratio().getAsDouble() : null,
                    uptime.failed().toSeconds(),
                    uptime.observed().toSeconds(),
                    uptime.excluded().toSeconds());
        }
    }

    record UptimesView(long monitorId, List<UptimeView> ranges) {}

    @Requires(Permission.VIEW)
    @GetMapping("/api/v1/monitors/{id}/uptime")
    @Operation(
            summary = "A monitor's uptime: over 24h, 7d, 30d and 90d (no parameters), one of them (range), or from/to "
                    + "(ISO-8601 times); time FAILED over time observed, maintenance left out")
    UptimesView uptime(
            ActiveTeam team,
            @PathVariable long id,
            @RequestParam(required = false) String range,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Monitor monitor = monitors.get(team.id(), id);
        Instant now = history.now();
        if (range != null && (from != null || to != null)) {
            throw new InvalidQueryException(Map.of("range", "give either range or from and to, not both"));
        }
        if (from != null || to != null) {
            TimeRange custom = customRange(from, to, now);
            return new UptimesView(id, List.of(UptimeView.of("custom", custom, history.uptime(monitor, custom))));
        }
        List<UptimePreset> presets;
        if (range == null) {
            presets = List.of(UptimePreset.values());
        } else {
            presets = List.of(UptimePreset.ofLabel(range)
                    .orElseThrow(() -> new InvalidQueryException(
                            Map.of("range", "must be one of " + PRESETS + " (or leave it out and give from and to)"))));
        }
        return new UptimesView(
                id,
                presets.stream()
                        .map(preset -> {
                            TimeRange span = preset.endingAt(now);
                            return UptimeView.of(preset.label(), span, history.uptime(monitor, span));
                        })
                        .toList());
    }

    /** One day of the strip: its date in the zone asked for, and its uptime, absent for "no data". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DayView(LocalDate date, Double uptime) {}

    record DaysView(long monitorId, String zone, List<DayView> days) {}

    @Requires(Permission.VIEW)
    @GetMapping("/api/v1/monitors/{id}/uptime/days")
    @Operation(
            summary = "A monitor's uptime day by day, oldest first, up to today, days from midnight to midnight in "
                    + "the time zone given (default UTC)")
    DaysView days(
            ActiveTeam team,
            @PathVariable long id,
            @RequestParam(required = false, defaultValue = "90") String days,
            @RequestParam(required = false, defaultValue = "UTC") String zone) {
        Map<String, String> problems = new LinkedHashMap<>();
        int count = 0;
        int most = Math.min(MAX_DAYS, history.retentionDays());
        try {
            count = Integer.parseInt(days.trim());
            if (count < 1 || count > most) {
                problems.put(
                        "days",
                        "between 1 and " + most + " (history is kept for " + history.retentionDays() + " days)");
            }
        } catch (NumberFormatException e) {
            problems.put("days", "a whole number of days between 1 and " + most + ", e.g. 90");
        }
        ZoneId zoneId = null;
        try {
            zoneId = ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            problems.put("zone", "a time zone such as Europe/Berlin, America/New_York or UTC");
        }
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(problems);
        }
        Monitor monitor = monitors.get(team.id(), id);
        return new DaysView(
                id,
                zoneId.getId(),
                history.days(monitor, count, zoneId).stream()
                        .map(day -> new DayView(
                                day.date(),
                                day.uptime().isPresent() ? day.uptime().getAsDouble() : null))
                        .toList());
    }

    record LatencyView(
            long monitorId,
            Instant from,
            Instant to,
            CheckHistoryQueries.Resolution resolution,
            List<CheckHistoryQueries.LatencyPoint> points) {}

    // the monitor page's chart reads the same series with the browser's session
    @Requires(Permission.VIEW)
    @GetMapping({"/api/v1/monitors/{id}/latency", "/monitors/{id}/latency"})
    @Operation(
            summary = "A monitor's response time from/to (ISO-8601 times; default the last 24 hours): a point a "
                    + "minute up to 48 hours, else a point an hour, each with checks, failures and min/avg/p95/max "
                    + "latency in ms")
    LatencyView latency(
            ActiveTeam team,
            @PathVariable long id,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Instant now = history.now();
        TimeRange range =
                from == null && to == null ? UptimePreset.LAST_24_HOURS.endingAt(now) : customRange(from, to, now);
        Monitor monitor = monitors.get(team.id(), id);
        CheckHistoryQueries.LatencySeries series = history.latency(monitor, range);
        return new LatencyView(id, range.from(), range.to(), series.resolution(), series.points());
    }

    /**
     * The range from/to, both needed; a {@code to} after now ends now. Refused field by field: a missing end, a time
     * that cannot be read, an end not after the start, a start older than the history kept.
     */
    private TimeRange customRange(String from, String to, Instant now) {
        Map<String, String> problems = new LinkedHashMap<>();
        Instant start = instant("from", from, problems);
        Instant end = instant("to", to, problems);
        if (start != null && end != null) {
            Instant oldest = now.minus(Duration.ofDays(history.retentionDays()));
            if (!end.isAfter(start)) {
                problems.put("to", "must be after from (" + start + ")");
            } else if (start.isBefore(oldest)) {
                problems.put(
                        "from",
                        "history is kept for " + history.retentionDays() + " days: from must be on or after " + oldest);
            } else if (!start.isBefore(now)) {
                problems.put("from", "must be before now (" + now + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(problems);
        }
        return new TimeRange(start, end.isAfter(now) ? now : end);
    }

    private static Instant instant(String name, String value, Map<String, String> problems) {
        if (value == null || value.isBlank()) {
            problems.put(
                    name,
                    "required with " + (name.equals("from") ? "to" : "from")
                            + ": an ISO-8601 time such as 2026-12-01T00:00:00Z");
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            problems.put(name, "an ISO-8601 time such as 2026-12-01T00:00:00Z or 2026-12-01T01:00:00+01:00");
            return null;
        }
    }
}
