package io.cloudroutes.crweb.breaker;

import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.team.ActiveTeam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A team's own limits for the blast-radius breaker ({@code teams.breaker_*}); a null limit is the operator's default
 * (CLOUDROUTES_SAFEGUARDS_*), which the actioners apply and this application does not know. The ranges are those the
 * database and the actioners accept.
 */
@Component("teamBreakerSettings")
public class TeamBreakerSettings {

    /** The team's limits, each null for the operator's default. */
    public record Limits(Integer sharePercent, Integer windowSeconds, Integer disruptiveRuns, Integer runsMinutes) {

        static final Limits OPERATOR_DEFAULTS = new Limits(null, null, null, null);

        List<Integer> values() {
            return java.util.Arrays.asList(sharePercent, windowSeconds, disruptiveRuns, runsMinutes);
        }
    }

    /** One limit: its name in forms and the API, its label, its accepted range and what it means. */
    public record Field(String name, String label, int min, int max, String meaning) {

        String message() {
            return meaning + ": a whole number from " + min + " to " + max + ", or empty for the operator's default";
        }

        /** This limit's value in {@code limits}; null: the operator's default. */
        public Integer valueIn(Limits limits) {
            return limits.values().get(FIELDS.indexOf(this));
        }
    }

    static final List<Field> FIELDS = List.of(
            new Field(
                    "sharePercent",
                    "Failed share (percent of monitors)",
                    io.cloudroutes.core.Limits.BreakerSharePercent.MIN,
                    io.cloudroutes.core.Limits.BreakerSharePercent.MAX,
                    "the percent of the team's monitors that may fail at once"),
            new Field(
                    "windowSeconds",
                    "Failure window (seconds)",
                    io.cloudroutes.core.Limits.BreakerWindowSeconds.MIN,
                    io.cloudroutes.core.Limits.BreakerWindowSeconds.MAX,
                    "the seconds over which failures count together"),
            new Field(
                    "disruptiveRuns",
                    "Disruptive runs",
                    io.cloudroutes.core.Limits.BreakerDisruptiveRuns.MIN,
                    io.cloudroutes.core.Limits.BreakerDisruptiveRuns.MAX,
                    "how many disruptive runs may start within the runs window"),
            new Field(
                    "runsMinutes",
                    "Runs window (minutes)",
                    io.cloudroutes.core.Limits.BreakerRunsMinutes.MIN,
                    io.cloudroutes.core.Limits.BreakerRunsMinutes.MAX,
                    "the minutes of the runs window"));

    /** The limits in the order the team page shows them. */
    public List<Field> fields() {
        return FIELDS;
    }

    private final JdbcTemplate jdbc;
    private final AuditLog audit;

    TeamBreakerSettings(JdbcTemplate jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The team's limits. */
    public Limits of(long teamId) {
        return jdbc
                .query(
                        "select breaker_share_percent, breaker_window_seconds, breaker_disruptive_runs,"
                                + " breaker_runs_minutes from teams where id = ?",
                        (rs, n) -> new Limits(
                                rs.getObject(1, Integer.class),
                                rs.getObject(2, Integer.class),
                                rs.getObject(3, Integer.class),
                                rs.getObject(4, Integer.class)),
                        teamId)
                .stream()
                .findFirst()
                .orElse(Limits.OPERATOR_DEFAULTS);
    }

    /** What is wrong with the limits, by field name; empty when they may be saved. */
    static Map<String, String> problems(Limits limits) {
        Map<String, String> problems = new LinkedHashMap<>();
        List<Integer> values = limits.values();
        for (int i = 0; i < FIELDS.size(); i++) {
            Field field = FIELDS.get(i);
            Integer value = values.get(i);
            if (value != null && (value < field.min() || value > field.max())) {
                problems.put(field.name(), field.message());
            }
        }
        return problems;
    }

    /** Saves valid limits, audited when they changed; returns whether they changed. */
    @Transactional
    boolean set(ActiveTeam team, Limits limits) {
        if (!problems(limits).isEmpty()) {
            throw new IllegalArgumentException("limits out of range: " + problems(limits));
        }
        Limits before = of(team.id());
        if (before.equals(limits)) {
            return false;
        }
        jdbc.update(
                "update teams set breaker_share_percent = ?, breaker_window_seconds = ?, breaker_disruptive_runs = ?,"
                        + " breaker_runs_minutes = ? where id = ?",
                limits.sharePercent(),
                limits.windowSeconds(),
                limits.disruptiveRuns(),
                limits.runsMinutes(),
                team.id());
        audit.record(
                team.id(),
                AuditAction.TEAM_BREAKER_CHANGED,
                Target.team(team.id(), team.name()),
                describe(before) + " → " + describe(limits));
        return true;
    }

    /** The limits as the audit log shows them, e.g. "share 40 %, window 300 s, runs default, runs window 10 min". */
    static String describe(Limits limits) {
        return "share " + shown(limits.sharePercent(), " %") + ", window " + shown(limits.windowSeconds(), " s")
                + ", disruptive runs " + shown(limits.disruptiveRuns(), "") + ", runs window "
                + shown(limits.runsMinutes(), " min");
    }

    private static String shown(Integer value, String unit) {
        return value == null ? "default" : value + unit;
    }
}
