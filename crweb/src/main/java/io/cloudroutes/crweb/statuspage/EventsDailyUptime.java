package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.core.Status;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Daily uptime from the recorded transitions ({@code events}): a monitor is in the status of its latest transition
 * until the next one. A day's uptime is the time it was not FAILED over the time its status was known (HEALTHY or
 * FAILED), so the hours before its first result or while UNKNOWN count neither way. Days follow the zone's calendar:
 * a day of a daylight-saving change has 23 or 25 hours.
 */
@Component
class EventsDailyUptime implements DailyUptime {

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    EventsDailyUptime(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A transition: from {@code at} on, the monitor was {@code status}. */
    private record Transition(Instant at, Status status) {}

    @Override
    public Map<Long, List<Day>> lastDays(Collection<Long> monitorIds, int days, ZoneId zone) {
        Map<Long, List<Day>> uptime = new LinkedHashMap<>();
        if (monitorIds.isEmpty()) {
            return uptime;
        }
        Instant now = clock.instant();
        LocalDate first = LocalDate.ofInstant(now, zone).minusDays(days - 1L);
        Instant start = first.atStartOfDay(zone).toInstant();
        Map<String, Object> params =
                Map.of("ids", monitorIds, "start", Timestamp.from(start), "now", Timestamp.from(now));
        Map<Long, List<Transition>> transitions = new HashMap<>();
        // the status each monitor was in when the window began, then every transition within it
        jdbc.query(
                "select distinct on (monitor_id) monitor_id, to_status from events "
                        + "where monitor_id in (:ids) and occurred_at < :start "
                        + "order by monitor_id, occurred_at desc, id desc",
                params,
                row -> {
                    transitions
                            .computeIfAbsent(row.getLong(1), id -> new ArrayList<>())
                            .add(new Transition(start, Status.valueOf(row.getString(2))));
                });
        jdbc.query(
                "select monitor_id, to_status, occurred_at from events "
                        + "where monitor_id in (:ids) and occurred_at >= :start and occurred_at <= :now "
                        + "order by monitor_id, occurred_at, id",
                params,
                row -> {
                    transitions
                            .computeIfAbsent(row.getLong(1), id -> new ArrayList<>())
                            .add(new Transition(row.getTimestamp(3).toInstant(), Status.valueOf(row.getString(2))));
                });
        for (Long id : monitorIds) {
            uptime.put(id, days(transitions.getOrDefault(id, List.of()), first, days, zone, now));
        }
        return uptime;
    }

    private static List<Day> days(List<Transition> transitions, LocalDate first, int days, ZoneId zone, Instant now) {
        List<Day> result = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            LocalDate date = first.plusDays(i);
            Instant dayStart = date.atStartOfDay(zone).toInstant();
            Instant dayEnd = min(date.plusDays(1).atStartOfDay(zone).toInstant(), now);
            long known = 0;
            long failed = 0;
            for (int t = 0; t < transitions.size(); t++) {
                Transition transition = transitions.get(t);
                Instant until =
                        t + 1 < transitions.size() ? transitions.get(t + 1).at() : now;
                long overlap = overlapMillis(transition.at(), until, dayStart, dayEnd);
                if (overlap <= 0 || transition.status() == Status.UNKNOWN) {
                    continue;
                }
                known += overlap;
                if (transition.status() == Status.FAILED) {
                    failed += overlap;
                }
            }
            result.add(new Day(date, known == 0 ? null : 100.0 * (known - failed) / known));
        }
        return result;
    }

    private static long overlapMillis(Instant from, Instant until, Instant dayStart, Instant dayEnd) {
        Instant begin = from.isAfter(dayStart) ? from : dayStart;
        Instant end = min(until, dayEnd);
        return end.isAfter(begin) ? Duration.between(begin, end).toMillis() : 0;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
