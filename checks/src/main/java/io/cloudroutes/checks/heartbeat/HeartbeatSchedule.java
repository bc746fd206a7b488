package io.cloudroutes.checks.heartbeat;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.cloudroutes.core.plugin.SettingValues;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.Optional;

/**
 * When a heartbeat monitor expects its next ping: either every {@code period}, or at the times of a cron expression in
 * a time zone; in both cases plus a grace time, after which a missing ping fails the monitor.
 *
 * <p>Cron schedules follow the system cron daemon (Vixie/Debian cron, which Healthchecks.io also imitates) across
 * daylight-saving changes, so that a job running on time is never reported late:
 * <ul>
 *   <li>a local time skipped when clocks go forward (02:30 on a night that jumps from 02:00 to 03:00) runs at the
 *       first instant after the jump (03:00);</li>
 *   <li>a local time repeated when clocks go back (01:30 on a night that goes from 02:00 back to 01:00) runs once, at
 *       its first occurrence.</li>
 * </ul>
 * Both rules apply to fixed-time jobs, whose minute and hour fields are specific values. A job whose minute or hour
 * field starts with {@code *} (e.g. {@code *}{@code /15 * * * *}) simply runs at every wall-clock time that exists:
 * nothing in the skipped hour, and in both occurrences of the repeated one.
 */
public final class HeartbeatSchedule {

    static final String SCHEDULE = "schedule";
    static final String PERIOD = "period";
    static final String CRON = "cron";
    static final String PERIOD_SECONDS = "periodSeconds";
    static final String CRON_EXPRESSION = "cronExpression";
    static final String TIME_ZONE = "timeZone";
    static final String GRACE_SECONDS = "graceSeconds";

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final Duration period;
    private final String cron;
    private final ExecutionTime executionTime;
    private final boolean fixedTime;
    private final ZoneId zone;
    private final Duration grace;

    private HeartbeatSchedule(Duration period, String cron, ZoneId zone, Duration grace) {
        this.period = period;
        this.cron = cron;
        this.zone = zone;
        this.grace = grace;
        if (cron == null) {
            this.executionTime = null;
            this.fixedTime = false;
        } else {
            this.executionTime = ExecutionTime.forCron(parse(cron));
            String[] fields = cron.split(" ");
            this.fixedTime = !fields[0].startsWith("*") && !fields[1].startsWith("*");
        }
    }

    /** A ping expected every {@code period}, failing {@code grace} after it was due. */
    public static HeartbeatSchedule period(Duration period, Duration grace) {
        return new HeartbeatSchedule(period, null, UTC, grace);
    }

    /** A ping expected at the times of a 5-field Unix cron expression in {@code zone}, failing {@code grace} after. */
    public static HeartbeatSchedule cron(String expression, ZoneId zone, Duration grace) {
        return new HeartbeatSchedule(null, normalize(expression), zone, grace);
    }

    /**
     * The schedule of a heartbeat monitor's settings, as {@link HeartbeatCheckType#parse} reads them; settings not
     * given take their defaults.
     *
     * @throws IllegalArgumentException when the settings do not describe a schedule (they do not pass validation)
     */
    public static HeartbeatSchedule from(Map<String, String> settings) {
        return HeartbeatCheckType.read(settings).orThrow();
    }

    /**
     * The schedule a heartbeat monitor's settings describe, as {@link HeartbeatCheckType#parse} reads it: rejects a cron
     * schedule without an expression, an expression that does not parse or never matches, and an unknown time zone.
     */
    static HeartbeatSchedule read(SettingValues values) {
        String expression = values.text(CRON_EXPRESSION);
        boolean cronSchedule = CRON.equals(values.text(SCHEDULE));
        if (expression == null) {
            if (cronSchedule) {
                values.reject(
                        CRON_EXPRESSION,
                        "Cron expression is required with the cron schedule, e.g. 0 2 * * * for 02:00 every day");
            }
        } else {
            String problem = cronProblem(expression);
            if (problem != null) {
                values.reject(CRON_EXPRESSION, "Cron expression: " + problem);
            }
        }
        String zoneText = values.text(TIME_ZONE);
        ZoneId zone = null;
        if (zoneText != null) {
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                values.reject(
                        TIME_ZONE,
                        "Time zone '" + zoneText
                                + "' is unknown; use an IANA time zone such as Europe/Berlin, America/New_York or UTC");
            }
        }
        if (values.anyRejected()) {
            return null;
        }
        Duration grace = Duration.ofSeconds(values.number(GRACE_SECONDS));
        return cronSchedule
                ? cron(expression, zone, grace)
                : period(Duration.ofSeconds(values.number(PERIOD_SECONDS)), grace);
    }

    /** The instant after which a ping that arrived at {@code lastPing} is overdue: the next expected ping plus grace. */
    public Instant deadlineAfter(Instant lastPing) {
        return nextExpectedAfter(lastPing).plus(grace);
    }

    /** When the next ping is expected after one at {@code lastPing}, before grace. */
    public Instant nextExpectedAfter(Instant lastPing) {
        if (cron == null) {
            return lastPing.plus(period);
        }
        ZonedDateTime next = next(lastPing.atZone(zone));
        if (fixedTime) {
            // The daemon ran the job at the first occurrence of a repeated local time and will not run it again.
            while (isSecondOccurrence(next)) {
                next = next(next);
            }
            Instant skipped = firstSkippedRun(lastPing, next.toInstant());
            if (skipped != null) {
                return skipped;
            }
        }
        return next.toInstant();
    }

    /** The grace time after each expected ping. */
    public Duration grace() {
        return grace;
    }

    /**
     * The schedule in words, for reasons and pages: {@code period 1 h + grace 5 min} or
     * {@code cron '0 2 * * *' Europe/Berlin + grace 1 h}.
     */
    public String describe() {
        String schedule = cron == null ? "period " + words(period) : "cron '" + cron + "' " + zone.getId();
        return schedule + " + grace " + words(grace);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Why a cron expression cannot be used, or null when it can. */
    static String cronProblem(String expression) {
        try {
            Cron parsed = parse(normalize(expression));
            if (ExecutionTime.forCron(parsed)
                    .nextExecution(ZonedDateTime.now(ZoneOffset.UTC))
                    .isEmpty()) {
                return "'" + expression.trim() + "' never matches a date; check the day-of-month and month fields";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() + "; use 5 fields: minute hour day-of-month month day-of-week, e.g. 0 2 * * *";
        }
    }

    private static Cron parse(String expression) {
        return PARSER.parse(expression).validate();
    }

    private ZonedDateTime next(ZonedDateTime after) {
        Optional<ZonedDateTime> next = executionTime.nextExecution(after);
        return next.orElseThrow(() -> new IllegalStateException("cron '" + cron + "' has no time after " + after));
    }

    private boolean isSecondOccurrence(ZonedDateTime time) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(time.toLocalDateTime());
        return transition != null && transition.isOverlap() && time.getOffset().equals(transition.getOffsetAfter());
    }

    /**
     * The first instant after a forward change between {@code after} and {@code limit} at which the cron daemon runs a
     * job whose local time the change skipped, or null when no such change skipped one of its times.
     */
    private Instant firstSkippedRun(Instant after, Instant limit) {
        ZoneRules rules = zone.getRules();
        for (ZoneOffsetTransition transition = rules.nextTransition(after);
                transition != null && transition.getInstant().isBefore(limit);
                transition = rules.nextTransition(transition.getInstant())) {
            if (transition.isGap() && matchesBetween(transition.getDateTimeBefore(), transition.getDateTimeAfter())) {
                return transition.getInstant();
            }
        }
        return null;
    }

    /** Whether the expression names a wall-clock time in [from, to), judged on the local clock alone. */
    private boolean matchesBetween(LocalDateTime from, LocalDateTime to) {
        return executionTime
                .nextExecution(from.minusSeconds(1).atZone(ZoneOffset.UTC))
                .filter(time -> time.toLocalDateTime().isBefore(to))
                .isPresent();
    }

    private static String normalize(String expression) {
        return expression.trim().replaceAll("\\s+", " ");
    }

    static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 86_400 == 0) {
            long days = seconds / 86_400;
            return days + (days == 1 ? " day" : " days");
        }
        if (seconds > 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + " h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
