package io.cloudroutes.store.maintenance;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a maintenance window happens: once, on a cron schedule, or on days of the week, with the time zone its times
 * are read in. Durations are elapsed time: a window starting at 01:30 for two hours on the night the clocks go back
 * ends at 02:30 of the second pass through that hour. A start that falls in the hour skipped when the clocks go forward
 * moves forward by the gap (02:30 becomes 03:30), as {@link ZonedDateTime#of} resolves it.
 */
public sealed interface MaintenanceSchedule {

    /**
     * The occurrences that overlap [from, to) (they may start before {@code from} or end after {@code to}), in the order
     * they start; at most {@link MaintenanceLimits#MOST_OCCURRENCES}.
     */
    List<Occurrence> occurrences(Instant from, Instant to);

    /**
     * Until when the window lasts when {@code instant} is inside it: the end of the occurrence that holds it, or of the
     * run of occurrences that overlap or touch it (followed at most {@link MaintenanceLimits#LONGEST_RUN_FOLLOWED}
     * ahead); empty when the window is not on at {@code instant}.
     */
    default Optional<Instant> activeUntil(Instant instant) {
        return Occurrence.runEnd(instant, occurrences(instant, instant.plus(MaintenanceLimits.LONGEST_RUN_FOLLOWED)));
    }

    /** From {@code start} to {@code end}, once. */
    record Once(Instant start, Instant end) implements MaintenanceSchedule {

        public Once {
            new Occurrence(start, end);
        }

        @Override
        public List<Occurrence> occurrences(Instant from, Instant to) {
            return start.isBefore(to) && end.isAfter(from) ? List.of(new Occurrence(start, end)) : List.of();
        }
    }

    /**
     * At each time the cron expression names, read in {@code zone}, for {@code duration}. Spring's cron skips a time in
     * the hour the clocks skip in spring; a maintenance window should not vanish that night, so such a time moves
     * forward by the gap, as a weekly window's does; and a time the clocks pass twice in autumn happens at its first
     * pass only, where Spring's cron names both.
     */
    record Cron(CronExpression cron, Duration duration, ZoneId zone) implements MaintenanceSchedule {

        @Override
        public List<Occurrence> occurrences(Instant from, Instant to) {
            TreeSet<Instant> starts = new TreeSet<>();
            // the next start after from - duration is the first whose occurrence ends after from
            Instant after = from.minus(duration);
            ZonedDateTime start = cron.next(ZonedDateTime.ofInstant(after, zone));
            while (start != null
                    && start.toInstant().isBefore(to)
                    && starts.size() < MaintenanceLimits.MOST_OCCURRENCES) {
                if (!secondPass(start)) {
                    starts.add(start.toInstant());
                }
                start = cron.next(start);
            }
            for (ZoneOffsetTransition transition = zone.getRules().nextTransition(after);
                    transition != null && transition.getInstant().isBefore(to);
                    transition = zone.getRules().nextTransition(transition.getInstant())) {
                if (transition.isGap()) {
                    LocalDateTime skipped =
                            cron.next(transition.getDateTimeBefore().minusNanos(1));
                    for (;
                            skipped != null && skipped.isBefore(transition.getDateTimeAfter());
                            skipped = cron.next(skipped)) {
                        Instant moved = ZonedDateTime.of(skipped, zone).toInstant();
                        if (moved.isAfter(after) && moved.isBefore(to)) {
                            starts.add(moved);
                        }
                    }
                }
            }
            List<Occurrence> occurrences = new ArrayList<>(starts.size());
            starts.forEach(instant -> occurrences.add(new Occurrence(instant, instant.plus(duration))));
            return occurrences.size() > MaintenanceLimits.MOST_OCCURRENCES
                    ? occurrences.subList(0, MaintenanceLimits.MOST_OCCURRENCES)
                    : occurrences;
        }

        private boolean secondPass(ZonedDateTime start) {
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(start.toLocalDateTime());
            return offsets.size() == 2 && start.getOffset().equals(offsets.get(1));
        }
    }

    /** On each of {@code days}, at {@code startTime} in {@code zone}, for {@code duration}. */
    record Weekly(Set<DayOfWeek> days, LocalTime startTime, Duration duration, ZoneId zone)
            implements MaintenanceSchedule {

        public Weekly {
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekly window happens on at least one day");
            }
            days = Set.copyOf(days);
        }

        @Override
        public List<Occurrence> occurrences(Instant from, Instant to) {
            List<Occurrence> occurrences = new ArrayList<>();
            // a day earlier than the earliest start that can still be on at from, whatever the offsets
            LocalDate day = ZonedDateTime.ofInstant(from.minus(duration), zone)
                    .toLocalDate()
                    .minusDays(1);
            LocalDate last = ZonedDateTime.ofInstant(to, zone).toLocalDate().plusDays(1);
            for (;
                    !day.isAfter(last) && occurrences.size() < MaintenanceLimits.MOST_OCCURRENCES;
                    day = day.plusDays(1)) {
                if (!days.contains(day.getDayOfWeek())) {
                    continue;
                }
                // ZonedDateTime.of moves a time in a gap forward and takes the earlier offset in an overlap
                Instant start = ZonedDateTime.of(day, startTime, zone).toInstant();
                Instant end = start.plus(duration);
                if (start.isBefore(to) && end.isAfter(from)) {
                    occurrences.add(new Occurrence(start, end));
                }
            }
            return occurrences;
        }
    }
}
