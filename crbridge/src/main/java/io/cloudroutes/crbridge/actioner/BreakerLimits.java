package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.crbridge.system.CrbridgeProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The breaker's limits of each team: its own ({@code teams.breaker_*}), else the operator's defaults
 * (CLOUDROUTES_SAFEGUARDS_*), which also apply to the trip over all monitors.
 */
@Component
class BreakerLimits {

    /** One scope's limits, and the team's name for the reasons people read. */
    record Limits(String teamName, int sharePercent, Duration window, int disruptiveRuns, Duration runsWindow) {}

    private final JdbcTemplate jdbc;
    private final CrbridgeProperties.Safeguards defaults;

    BreakerLimits(JdbcTemplate jdbc, CrbridgeProperties properties) {
        this.jdbc = jdbc;
        this.defaults = properties.safeguards();
    }

    CrbridgeProperties.Safeguards defaults() {
        return defaults;
    }

    /** The limits over all monitors. */
    Limits global() {
        return new Limits(
                null, defaults.sharePercent(), defaults.window(), defaults.disruptiveRuns(), defaults.runsWindow());
    }

    /** The team's limits. */
    Limits of(long teamId) {
        List<Limits> found = jdbc.query(
                "select name, coalesce(breaker_share_percent, ?) as share, coalesce(breaker_window_seconds, ?) as win, "
                        + "coalesce(breaker_disruptive_runs, ?) as runs, coalesce(breaker_runs_minutes, ?) as runs_min "
                        + "from teams where id = ?",
                (rs, n) -> new Limits(
                        rs.getString("name"),
                        rs.getInt("share"),
                        Duration.ofSeconds(rs.getLong("win")),
                        rs.getInt("runs"),
                        Duration.ofMinutes(rs.getLong("runs_min"))),
                defaults.sharePercent(),
                defaults.window().toSeconds(),
                defaults.disruptiveRuns(),
                defaults.runsWindow().toMinutes(),
                teamId);
        return found.isEmpty() ? global() : found.getFirst();
    }
}
