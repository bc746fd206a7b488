package io.cloudroutes.crweb.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * One page of a team's dashboard: the monitors the search finds, counted by status, filtered, sorted and cut into
 * pages. PostgreSQL finds the team's monitors (only the columns shown); their statuses come from Redis in one round
 * trip; filtering and sorting by status then happen here, since the status lives in Redis, not in a column.
 */
@Component
class Dashboard {

    /** One monitor as its row shows it; {@code flapping} when it changes status too often. */
    record Entry(DashboardMonitors.Row monitor, DashboardStatus status, Instant since, boolean flapping) {}

    /**
     * What the person asked for: a status ({@code empty} for all), the search as typed, the order and the page
     * (from 1).
     */
    record Query(Optional<DashboardStatus> status, String q, DashboardSort sort, int page) {}

    /**
     * A page: its entries, the counts of every status among the monitors found (before the status filter), the page
     * shown (the last one when a later one was asked for), how many there are, and every monitor found with whether
     * it is enabled (what a live stream of the page watches).
     */
    record Page(
            List<Entry> entries,
            Map<DashboardStatus, Integer> counts,
            int found,
            int matching,
            int page,
            int pages,
            boolean liveAvailable,
            Map<Long, Boolean> enabled) {}

    private static final Comparator<Entry> BY_NAME = Comparator.comparing(
                    (Entry e) -> e.monitor().name(), String.CASE_INSENSITIVE_ORDER)
            .thenComparingLong(e -> e.monitor().id());

    private final DashboardMonitors monitors;
    private final LiveStatuses live;
    private final DashboardProperties properties;

    Dashboard(DashboardMonitors monitors, LiveStatuses live, DashboardProperties properties) {
        this.monitors = monitors;
        this.live = live;
        this.properties = properties;
    }

    Page page(long teamId, Query query) {
        List<DashboardMonitors.Row> found = monitors.find(teamId, MonitorSearch.parse(query.q()));
        List<Long> ids = found.stream().map(DashboardMonitors.Row::id).toList();
        LiveStatuses.Statuses statuses = live.read(ids);
        Map<DashboardStatus, Integer> counts = emptyCounts();
        Map<Long, Boolean> enabled = new HashMap<>(found.size() * 2);
        List<Entry> matching = new ArrayList<>();
        for (DashboardMonitors.Row row : found) {
            LiveStatuses.Live state = statuses.of(row.id());
            DashboardStatus status = DashboardStatus.of(row.enabled(), state.status());
            counts.merge(status, 1, Integer::sum);
            enabled.put(row.id(), row.enabled());
            if (query.status().isEmpty() || query.status().get() == status) {
                matching.add(new Entry(row, status, state.since(), state.flapping()));
            }
        }
        matching.sort(order(query.sort()));
        int size = properties.pageSize();
        int pages = Math.max(1, (matching.size() + size - 1) / size);
        int page = Math.clamp(query.page(), 1, pages);
        int from = (page - 1) * size;
        List<Entry> shown = matching.subList(from, Math.min(from + size, matching.size()));
        return new Page(
                List.copyOf(shown), counts, found.size(), matching.size(), page, pages, statuses.available(), enabled);
    }

    static Map<DashboardStatus, Integer> emptyCounts() {
        Map<DashboardStatus, Integer> counts = new EnumMap<>(DashboardStatus.class);
        for (DashboardStatus status : DashboardStatus.values()) {
            counts.put(status, 0);
        }
        return counts;
    }

    private static Comparator<Entry> order(DashboardSort sort) {
        return switch (sort) {
            case STATUS -> Comparator.comparing(Entry::status).thenComparing(BY_NAME);
            case NAME -> BY_NAME;
            case CHANGED ->
                Comparator.comparing(Entry::since, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
                        .thenComparing(BY_NAME);
        };
    }
}
