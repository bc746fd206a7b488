package io.cloudroutes.store.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A half-open stretch of time [{@code from}, {@code to}): a range someone asks about, a day of the uptime strip, or a
 * maintenance window to leave out of uptime.
 */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a time range needs both ends");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException(
                    "a time range ends at or after its start, not before: " + from + " to " + to);
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    public boolean isEmpty() {
        return !to.isAfter(from);
    }

    /** The part of this range inside {@code other}, empty (at this range's start) when they do not overlap. */
    public TimeRange intersection(TimeRange other) {
        Instant start = from.isAfter(other.from) ? from : other.from;
        Instant end = to.isBefore(other.to) ? to : other.to;
        return end.isAfter(start) ? new TimeRange(start, end) : new TimeRange(from, from);
    }

    /**
     * The same time as these ranges, sorted and with overlapping or touching ranges made one, empty ones dropped: so
     * that time two maintenance windows share is left out once.
     */
    public static List<TimeRange> union(List<TimeRange> ranges) {
        List<TimeRange> sorted =
                new ArrayList<>(ranges.stream().filter(r -> !r.isEmpty()).toList());
        sorted.sort(Comparator.comparing(TimeRange::from));
        List<TimeRange> merged = new ArrayList<>();
        for (TimeRange range : sorted) {
            if (!merged.isEmpty() && !range.from.isAfter(merged.getLast().to)) {
                TimeRange last = merged.removeLast();
                merged.add(new TimeRange(last.from, range.to.isAfter(last.to) ? range.to : last.to));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }

    /** How much of this range the (merged, sorted) ranges cover. */
    Duration covered(List<TimeRange> merged) {
        Duration total = Duration.ZERO;
        for (TimeRange range : merged) {
            total = total.plus(intersection(range).length());
        }
        return total;
    }
}
