package io.cloudroutes.store.maintenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a monitor is in maintenance, and until when, and when it was over a range: the one place crweb (pages, API,
 * uptime) and crbridge (the actioner holding statuses) answer it, so they agree.
 */
public final class MonitorMaintenance {

    private MonitorMaintenance() {}

    /**
     * Until when the monitor is in maintenance at {@code instant}, under any of {@code windows} that covers it: the end
     * of the run of windows that hold it (one window ending as another starts is one run),
     * followed at most {@link MaintenanceLimits#LONGEST_RUN_FOLLOWED} ahead; empty when none does.
     */
    public static Optional<Instant> until(
            Collection<MaintenanceWindow> windows, long monitorId, Collection<String> monitorTags, Instant instant) {
        List<Occurrence> all = new ArrayList<>();
        Instant horizon = instant.plus(MaintenanceLimits.LONGEST_RUN_FOLLOWED);
        for (MaintenanceSchedule schedule : covering(windows, monitorId, monitorTags)) {
            all.addAll(schedule.occurrences(instant, horizon));
        }
        all.sort(Comparator.comparing(Occurrence::start));
        return Occurrence.runEnd(instant, all);
    }

    /**
     * The times within [from, to) the monitor was (or will be) in maintenance, clipped to the range, merged where
     * windows overlap or touch, in order: what uptime leaves out.
     */
    public static List<Occurrence> within(
            Collection<MaintenanceWindow> windows,
            long monitorId,
            Collection<String> monitorTags,
            Instant from,
            Instant to) {
        List<Occurrence> all = new ArrayList<>();
        for (MaintenanceSchedule schedule : covering(windows, monitorId, monitorTags)) {
            schedule.occurrences(from, to).forEach(occurrence -> all.add(occurrence.clippedTo(from, to)));
        }
        all.sort((a, b) -> a.start().compareTo(b.start()));
        List<Occurrence> merged = new ArrayList<>();
        for (Occurrence occurrence : all) {
            Occurrence last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && !occurrence.start().isAfter(last.end())) {
                if (occurrence.end().isAfter(last.end())) {
                    merged.set(merged.size() - 1, new Occurrence(last.start(), occurrence.end()));
                }
            } else {
                merged.add(occurrence);
            }
        }
        return merged;
    }

    private static List<MaintenanceSchedule> covering(
            Collection<MaintenanceWindow> windows, long monitorId, Collection<String> monitorTags) {
        return windows.stream()
                .filter(window -> window.covers(monitorId, monitorTags))
                .map(MaintenanceWindow::schedule)
                .toList();
    }
}
