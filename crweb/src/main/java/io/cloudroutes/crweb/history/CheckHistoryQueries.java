package io.cloudroutes.crweb.history;

import io.cloudroutes.core.Status;
import io.cloudroutes.store.history.ResultBuckets;
import io.cloudroutes.store.history.StatusTransition;
import io.cloudroutes.store.history.TimeRange;
import io.cloudroutes.store.history.Uptime;
import io.cloudroutes.store.history.UptimeCalculator;
import io.cloudroutes.store.history.UptimeCalculator.DayUptime;
import io.cloudroutes.store.history.UptimePreset;
import io.cloudroutes.store.monitor.Monitor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What check history says about one monitor: its uptime over a range, its uptime day by day, and its latency as a
 * series of roll-ups. For the API, the monitor page and status pages alike; the caller passes a monitor it found for
 * the team asking ({@code MonitorService.get}), so nothing here is read across teams.
 */
@Component
public class CheckHistoryQueries {

    /** Up to this long a latency series has a point a minute; longer ones a point an hour. */
    public static final Duration MINUTE_SERIES_AT_MOST = Duration.ofHours(48);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final HistoryRetention retention;
    private final ObjectProvider<MaintenanceExclusions> maintenance;

    CheckHistoryQueries(
            JdbcTemplate jdbc,
            Clock clock,
            HistoryRetention retention,
            ObjectProvider<MaintenanceExclusions> maintenance) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
        this.maintenance = maintenance;
    }

    /** How many days back history reaches (events and hour roll-ups). */
    public int retentionDays() {
        return retention.days();
    }

    /** How many days back raw check results reach (what a replay folds again). */
    public int rawResultsDays() {
        return retention.rawResultsDays();
    }

    public Instant now() {
        return clock.instant();
    }

    /** The monitor's uptime over {@code range}, maintenance left out. */
    public Uptime uptime(Monitor monitor, TimeRange range) {
        return UptimeCalculator.over(
                range, monitor.getCreatedAt(), transitions(monitor.getId(), range), excluded(monitor, range));
    }

    /** The last {@code days} days in {@code zone} up to today, oldest first, each with its uptime or no data. */
    public List<DayUptime> days(Monitor monitor, int days, ZoneId zone) {
        Instant now = clock.instant();
        TimeRange whole = new TimeRange(
                UptimeCalculator.dayIn(now.atZone(zone).toLocalDate().minusDays(days - 1L), zone)
                        .from(),
                now);
        return UptimeCalculator.days(
                days, zone, now, monitor.getCreatedAt(), transitions(monitor.getId(), whole), excluded(monitor, whole));
    }

    /** A monitor's uptime over every preset and its day strip, as a page shows them together. */
    public record Overview(Map<UptimePreset, Uptime> presets, List<DayUptime> days) {}

    /**
     * {@link #uptime} over every preset and {@link #days}, from one read of the transitions and of the maintenance
     * over the longest of their ranges: a page showing them all costs one query, not one per figure.
     */
    public Overview overview(Monitor monitor, int days, ZoneId zone) {
        Instant now = clock.instant();
        Instant from = UptimeCalculator.dayIn(now.atZone(zone).toLocalDate().minusDays(days - 1L), zone)
                .from();
        for (UptimePreset preset : UptimePreset.values()) {
            Instant start = preset.endingAt(now).from();
            from = start.isBefore(from) ? start : from;
        }
        TimeRange whole = new TimeRange(from, now);
        List<StatusTransition> transitions = transitions(monitor.getId(), whole);
        List<TimeRange> excluded = excluded(monitor, whole);
        Map<UptimePreset, Uptime> presets = new EnumMap<>(UptimePreset.class);
        for (UptimePreset preset : UptimePreset.values()) {
            presets.put(
                    preset, UptimeCalculator.over(preset.endingAt(now), monitor.getCreatedAt(), transitions, excluded));
        }
        return new Overview(
                presets, UptimeCalculator.days(days, zone, now, monitor.getCreatedAt(), transitions, excluded));
    }

    private List<TimeRange> excluded(Monitor monitor, TimeRange range) {
        return maintenance.getIfAvailable(() -> MaintenanceExclusions.NONE).of(monitor.getId(), range);
    }

    /** The last transition before the range (the status it starts in) and every one inside it. */
    private List<StatusTransition> transitions(long monitorId, TimeRange range) {
        return jdbc.query(
                """
                (select occurred_at, from_status, to_status from events
                  where monitor_id = ? and occurred_at < ? order by occurred_at desc, id desc limit 1)
                union all
                (select occurred_at, from_status, to_status from events
                  where monitor_id = ? and occurred_at >= ? and occurred_at < ?)
                """,
                (row, i) -> new StatusTransition(
                        row.getTimestamp(1).toInstant(),
                        Status.valueOf(row.getString(2)),
                        Status.valueOf(row.getString(3))),
                monitorId,
                Timestamp.from(range.from()),
                monitorId,
                Timestamp.from(range.from()),
                Timestamp.from(range.to()));
    }

    /** How finely a latency series is cut. */
    public enum Resolution {
        MINUTE("check_rollups_minute", ChronoUnit.MINUTES),
        HOUR("check_rollups_hour", ChronoUnit.HOURS);

        private final String table;
        private final ChronoUnit unit;

        Resolution(String table, ChronoUnit unit) {
            this.table = table;
            this.unit = unit;
        }
    }

    /**
     * One bucket of a latency series: checks and failures in it, and the latency of its results in milliseconds.
     *
     * @param at the bucket's start
     */
    public record LatencyPoint(Instant at, int checks, int failures, int min, double avg, double p95, int max) {}

    /** A latency series and the roll-ups it comes from. */
    public record LatencySeries(Resolution resolution, List<LatencyPoint> points) {}

    /**
     * The monitor's latency over {@code range}: a point a minute for a range of at most
     * {@link #MINUTE_SERIES_AT_MOST} whose minutes are still kept, else a point an hour.
     */
    public LatencySeries latency(Monitor monitor, TimeRange range) {
        boolean minutesKept =
                !range.from().isBefore(clock.instant().minus(Duration.ofDays(retention.minuteRollupDays())));
        Resolution resolution = range.length().compareTo(MINUTE_SERIES_AT_MOST) <= 0 && minutesKept
                ? Resolution.MINUTE
                : Resolution.HOUR;
        Instant first = range.from().truncatedTo(resolution.unit);
        // the roll-ups of the last minutes are written a minute later and may still miss late results: those
        // minutes come from the raw results, so a new monitor's chart has points at once
        Instant raw = resolution == Resolution.MINUTE
                ? clock.instant().minus(ResultBuckets.LATE).truncatedTo(ChronoUnit.MINUTES)
                : range.to();
        Instant rolledUpTo = raw.isBefore(first) ? first : raw.isAfter(range.to()) ? range.to() : raw;
        List<LatencyPoint> points = new ArrayList<>(jdbc.query(
                "select bucket, checks, failures, latency_min, latency_avg, latency_p95, latency_max from "
                        + resolution.table
                        + " where monitor_id = ? and bucket >= ? and bucket < ? order by bucket",
                (row, i) -> point(row, 1),
                monitor.getId(),
                Timestamp.from(first),
                Timestamp.from(rolledUpTo)));
        if (rolledUpTo.isBefore(range.to())) {
            points.addAll(jdbc.query(
                    ResultBuckets.SELECT.formatted("and monitor_id = ?") + " order by 2",
                    (row, i) -> point(row, 2),
                    "1 minute",
                    Timestamp.from(rolledUpTo),
                    Timestamp.from(range.to()),
                    monitor.getId()));
        }
        return new LatencySeries(resolution, points);
    }

    /** The point in {@code row} whose bucket is column {@code bucketColumn}, its figures in the columns after it. */
    private static LatencyPoint point(ResultSet row, int bucketColumn) throws SQLException {
        int c = bucketColumn;
        return new LatencyPoint(
                row.getTimestamp(c).toInstant(),
                row.getInt(c + 1),
                row.getInt(c + 2),
                row.getInt(c + 3),
                row.getDouble(c + 4),
                row.getDouble(c + 5),
                row.getInt(c + 6));
    }
}
