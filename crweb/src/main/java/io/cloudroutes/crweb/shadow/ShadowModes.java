package io.cloudroutes.crweb.shadow;

import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.team.ActiveTeam;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A team's shadow mode ({@code teams.shadow_mode}): while it is on, the actioners record every reaction run as
 * WOULD_RUN with what it would have done, and nothing acts. Pages read it for their "shadow mode" badge.
 */
@Component("shadowModes")
public class ShadowModes {

    private final JdbcTemplate jdbc;
    private final AuditLog audit;

    ShadowModes(JdbcTemplate jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Whether the team is in shadow mode. */
    public boolean isOn(long teamId) {
        return Boolean.TRUE.equals(
                jdbc.query("select shadow_mode from teams where id = ?", (rs, n) -> rs.getBoolean(1), teamId).stream()
                        .findFirst()
                        .orElse(false));
    }

    /** Switches it, audited when it changed; returns whether it changed. */
    @Transactional
    boolean set(ActiveTeam team, boolean on) {
        if (jdbc.update("update teams set shadow_mode = ? where id = ? and shadow_mode <> ?", on, team.id(), on) == 0) {
            return false;
        }
        audit.record(
                team.id(),
                on ? AuditAction.TEAM_SHADOW_MODE_ON : AuditAction.TEAM_SHADOW_MODE_OFF,
                Target.team(team.id(), team.name()),
                on
                        ? "reactions are recorded as WOULD_RUN and do nothing"
                        : "reactions act again from the next change of status");
        return true;
    }
}
