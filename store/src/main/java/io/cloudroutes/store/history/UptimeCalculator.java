package io.cloudroutes.store.history;

import io.cloudroutes.core.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Uptime from a monitor's status transitions: pure arithmetic, shared by every place that shows uptime (the API, the
 * monitor page, status pages), so that they all say the same number.
 *
 * <p>The status at any moment is the {@code to} of the last transition at or before it; before the first transition
 * given, the {@code from} of that transition (UNKNOWN for a monitor's first result). So the caller passes the last
 * transition before the range (if any) and every transition inside it, in any order.
 */
public final class UptimeCalculator {

    private UptimeCalculator() {}

    /**
     * The uptime over {@code range} of a monitor that exists since {@code createdAt}, with these transitions, leaving
     * out the time of {@code excluded} ranges (maintenance windows; they may overlap each other and the range's ends).
     */
    public static Uptime over(
            TimeRange range, Instant createdAt, List<StatusTransition> transitions, List<TimeRange> excluded) {
        Instant start = createdAt.isAfter(range.from()) ? createdAt : range.from();
        if (!range.to().isAfter(start)) {
            return Uptime.NONE;
        }
        TimeRange existing = new TimeRange(start, range.to());
        List<TimeRange> maintenance = TimeRange.union(excluded);
        List<StatusTransition> sorted = new ArrayList<>(transitions);
        sorted.sort(Comparator.comparing(StatusTransition::at));
        Duration failed = Duration.ZERO;
        Duration observed = Duration.ZERO;
        Duration excludedTime = Duration.ZERO;
        Status status = sorted.isEmpty() ? Status.UNKNOWN : sorted.getFirst().from();
        Instant since = Instant.MIN;
        for (int i = 0; i <= sorted.size(); i++) {
            Instant until = i < sorted.size() ? sorted.get(i).at() : Instant.MAX;
            if (status != Status.UNKNOWN) {
                TimeRange part = existing.intersection(new TimeRange(since, until));
                Duration inMaintenance = part.covered(maintenance);
                observed = observed.plus(part.length());
                excludedTime = excludedTime.plus(inMaintenance);
                if (status == Status.FAILED) {
                    failed = failed.plus(part.length()).minus(inMaintenance);
                }
            }
            if (i < sorted.size()) {
                status = sorted.get(i).to();
                since = until;
            }
        }
        return new Uptime(failed, observed, excludedTime);
    }

    /** One day of the uptime strip: its date in the strip's time zone and its uptime, empty for "no data". */
    public record DayUptime(LocalDate date, OptionalDouble uptime) {}

    /**
     * The last {@code days} days in {@code zone} up to and including the one {@code now} falls in, oldest first: each
     * from its local midnight to the next (23 or 25 hours on a daylight-saving change), today until {@code now}.
     */
    public static List<DayUptime> days(
            int days,
            ZoneId zone,
            Instant now,
            Instant createdAt,
            List<StatusTransition> transitions,
            List<TimeRange> excluded) {
        LocalDate today = now.atZone(zone).toLocalDate();
        List<DayUptime> strip = new ArrayList<>(days);
        for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            TimeRange whole = dayIn(day, zone);
            Instant end = whole.to().isAfter(now) ? now : whole.to();
            Uptime uptime = end.isAfter(whole.from())
                    ? over(new TimeRange(whole.from(), end), createdAt, transitions, excluded)
                    : Uptime.NONE;
            strip.add(new DayUptime(day, uptime.ratio()));
        }
        return strip;
    }

    /** A calendar day in a time zone, from its start to the next day's (its start need not be 00:00 on a DST day). */
    public static TimeRange dayIn(LocalDate day, ZoneId zone) {
        return new TimeRange(
                day.atStartOfDay(zone).toInstant(),
                day.plusDays(1).atStartOfDay(zone).toInstant());
    }
}
