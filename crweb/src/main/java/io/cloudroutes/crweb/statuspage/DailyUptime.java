package io.cloudroutes.crweb.statuspage;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The share of each day monitors were up, for the strip of daily bars a status page shows. */
interface DailyUptime {

    /**
     * One day of a monitor.
     *
     * @param date    the day, in the zone asked for
     * @param percent the share of the day's known time the monitor was not FAILED, 0 to 100; null when nothing is
     *                known of that day (before the monitor's first result, or only UNKNOWN)
     */
    record Day(LocalDate date, Double percent) {}

    /** For each monitor, its last {@code days} days up to today (in {@code zone}), oldest first. */
    Map<Long, List<Day>> lastDays(Collection<Long> monitorIds, int days, ZoneId zone);
}
