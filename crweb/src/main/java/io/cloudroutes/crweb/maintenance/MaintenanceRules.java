package io.cloudroutes.crweb.maintenance;

import io.cloudroutes.core.Limits;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.store.maintenance.MaintenanceLimits;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.scheduling.support.CronExpression;

/**
 * What a maintenance window may be: checks a draft field by field and, when it is sound, writes its schedule into the
 * window. The messages are what people see next to a field and in API errors.
 */
final class MaintenanceRules {

    static final String NO_MONITOR = "choose at least one monitor or tag: a window holds nothing without them";
    static final String MAX_DURATION = "at most 31 days (" + MaintenanceLimits.MAX_DURATION.toMinutes() + " minutes)";

    private MaintenanceRules() {}

    /** The problems of the draft's own fields (not of the monitors it names, which the service looks up). */
    static List<FieldProblem> problems(MaintenanceDraft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        apply(draft, new MaintenanceWindow(0, Instant.EPOCH), problems);
        return problems;
    }

    /** Writes the draft's name, schedule and tags into {@code window}, or adds what is wrong to {@code problems}. */
    static void apply(MaintenanceDraft draft, MaintenanceWindow window, List<FieldProblem> problems) {
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty()) {
            problems.add(new FieldProblem("name", "a name is required, e.g. \"Database patch night\""));
        } else if (name.length() > Limits.Name.MAX_LENGTH) {
            problems.add(new FieldProblem("name", Limits.Name.MESSAGE));
        }
        window.setName(name);
        ZoneId zone = zone(draft.timeZone(), problems);
        String kind = draft.kind() == null ? "" : draft.kind().strip().toUpperCase(Locale.ROOT);
        switch (kind) {
            case "ONCE" -> once(draft, zone, window, problems);
            case "CRON" -> cron(draft, zone, window, problems);
            case "WEEKLY" -> weekly(draft, zone, window, problems);
            default -> problems.add(new FieldProblem("kind", "choose ONCE, CRON or WEEKLY"));
        }
        List<String> tags = new ArrayList<>();
        for (String tag : draft.tags()) {
            String clean = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
            if (clean.isEmpty() || tags.contains(clean)) {
                continue;
            }
            if (clean.length() > Limits.Tags.MAX_LENGTH || !clean.matches(Limits.Tags.PATTERN)) {
                problems.add(new FieldProblem("tags", "'" + tag + "' is not a tag: " + Limits.Tags.MESSAGE));
                break;
            }
            tags.add(clean);
        }
        if (tags.size() > Limits.Tags.MOST) {
            problems.add(new FieldProblem("tags", Limits.Tags.MESSAGE));
        }
        window.setTags(tags);
        if (draft.monitorIds().isEmpty() && tags.isEmpty()) {
            problems.add(new FieldProblem("monitorIds", NO_MONITOR));
        } else if (draft.monitorIds().size() > MaintenanceLimits.MOST_MONITORS) {
            problems.add(new FieldProblem(
                    "monitorIds",
                    "at most " + MaintenanceLimits.MOST_MONITORS + " monitors by id; choose more by a tag"));
        }
    }

    private static ZoneId zone(String timeZone, List<FieldProblem> problems) {
        String id = timeZone == null ? "" : timeZone.strip();
        if (id.isEmpty()) {
            problems.add(new FieldProblem("timeZone", "a time zone is required, e.g. Europe/Berlin or UTC"));
            return null;
        }
        try {
            if (id.length() <= MaintenanceLimits.MAX_TIME_ZONE_LENGTH) {
                return ZoneId.of(id);
            }
        } catch (DateTimeException e) {
            // answered below
        }
        problems.add(new FieldProblem(
                "timeZone", "unknown time zone '" + abbreviated(id) + "'; use a region such as Europe/Berlin or UTC"));
        return null;
    }

    private static void once(
            MaintenanceDraft draft, ZoneId zone, MaintenanceWindow window, List<FieldProblem> problems) {
        Instant start = instant("startsAt", draft.startsAt(), zone, problems);
        Instant end = instant("endsAt", draft.endsAt(), zone, problems);
        if (start == null || end == null || zone == null) {
            return;
        }
        if (!end.isAfter(start)) {
            problems.add(new FieldProblem("endsAt", "the end must be after the start"));
        } else if (Duration.between(start, end).compareTo(MaintenanceLimits.MAX_DURATION) > 0) {
            problems.add(new FieldProblem("endsAt", "a window lasts " + MAX_DURATION));
        } else {
            window.happenOnce(zone.getId(), start, end);
        }
    }

    private static void cron(
            MaintenanceDraft draft, ZoneId zone, MaintenanceWindow window, List<FieldProblem> problems) {
        String cron = draft.cron() == null ? "" : draft.cron().strip();
        boolean sound = true;
        if (cron.isEmpty()) {
            problems.add(
                    new FieldProblem("cron", "a cron expression is required, e.g. 0 0 3 * * SUN (Sundays at 03:00)"));
            sound = false;
        } else if (cron.length() > MaintenanceLimits.MAX_CRON_LENGTH) {
            problems.add(new FieldProblem(
                    "cron", "a cron expression has at most " + MaintenanceLimits.MAX_CRON_LENGTH + " characters"));
            sound = false;
        } else {
            try {
                CronExpression.parse(cron);
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(
                        "cron",
                        "not a cron expression: " + abbreviated(e.getMessage())
                                + ". Six fields: second minute hour day-of-month month day-of-week, "
                                + "e.g. 0 0 3 * * SUN"));
                sound = false;
            }
        }
        Duration duration = duration(draft, problems);
        if (sound && duration != null && zone != null) {
            window.happenOnCron(zone.getId(), cron, duration);
        }
    }

    private static void weekly(
            MaintenanceDraft draft, ZoneId zone, MaintenanceWindow window, List<FieldProblem> problems) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : draft.days()) {
            try {
                days.add(DayOfWeek.valueOf(day.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException e) {
                problems.add(new FieldProblem(
                        "days", "'" + abbreviated(String.valueOf(day)) + "' is not a day; use MONDAY to SUNDAY"));
                return;
            }
        }
        if (days.isEmpty()) {
            problems.add(new FieldProblem("days", "choose at least one day of the week"));
        }
        LocalTime start = null;
        String text = draft.startTime() == null ? "" : draft.startTime().strip();
        try {
            start = LocalTime.parse(text);
        } catch (DateTimeException e) {
            problems.add(new FieldProblem("startTime", "a time of day is required as hours and minutes, e.g. 02:30"));
        }
        Duration duration = duration(draft, problems);
        if (!days.isEmpty() && start != null && duration != null && zone != null) {
            window.happenWeekly(zone.getId(), days, start, duration);
        }
    }

    private static Duration duration(MaintenanceDraft draft, List<FieldProblem> problems) {
        Integer minutes = draft.durationMinutes();
        if (minutes == null) {
            problems.add(new FieldProblem("durationMinutes", "how long each time lasts, in minutes, is required"));
            return null;
        }
        if (minutes < 1 || minutes > MaintenanceLimits.MAX_DURATION.toMinutes()) {
            problems.add(new FieldProblem("durationMinutes", "the duration is at least 1 minute and " + MAX_DURATION));
            return null;
        }
        return Duration.ofMinutes(minutes);
    }

    private static Instant instant(String field, String text, ZoneId zone, List<FieldProblem> problems) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            problems.add(new FieldProblem(field, "a date and time is required, e.g. 2026-06-01T22:00"));
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            // a local date and time, read in the window's zone
        }
        try {
            LocalDateTime local = LocalDateTime.parse(value);
            return zone == null ? null : ZonedDateTime.of(local, zone).toInstant();
        } catch (DateTimeException e) {
            problems.add(new FieldProblem(
                    field, "'" + abbreviated(value) + "' is not a date and time; write it as 2026-06-01T22:00"));
            return null;
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
