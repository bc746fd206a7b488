package io.cloudroutes.store.reaction;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The reaction runs a safeguard holds (a tripped breaker, a flapping monitor, an approval), as people and the
 * safeguards' own watchers see and release them. A held run is a reaction job left unfinished and unclaimable; a
 * release makes it due at once, so that any actioner claims it and admits it again past the kind of hold it was
 * released from. Every release, by a person or by a watcher, goes through the one conditional update here, so of
 * concurrent releases of a run only the first counts.
 */
public class HeldRuns {

    /**
     * The one rule of a run held now: a safeguard holds it, nobody released it, and it has not finished. For queries
     * that name {@code reaction_jobs} {@code j}.
     */
    public static final String HELD_NOW = "j.held_kind is not null and j.released_at is null and j.finished_at is null";

    /** Makes a held job due now, remembering who let it go and from which kind of hold (admission passes that kind). */
    private static final String RELEASE = "update reaction_jobs j set released_by = ?, released_at = now(), "
            + "not_before = now(), explanation = jsonb_set(coalesce(j.explanation, '{}'::jsonb), '{released}', "
            + "coalesce(j.explanation -> 'released', '[]'::jsonb) || to_jsonb(j.held_kind)) "
            + "where " + HELD_NOW;

    private static final String OF_TEAM = " and j.monitor_id in (select m.id from monitors m where m.team_id = ?)";

    private static final String HELD_COLUMNS = "select j.id, j.monitor_id, m.name as monitor_name, j.reaction_id, "
            + "r.name as reaction_name, j.held_kind, j.held_reason, j.held_at, j.hold_until from reaction_jobs j "
            + "join monitors m on m.id = j.monitor_id left join reactions r on r.id = j.reaction_id "
            + "where " + HELD_NOW;

    private final JdbcTemplate jdbc;

    public HeldRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A run held now and not released.
     *
     * @param kind  the kind of safeguard holding it: BREAKER, FLAPPING or APPROVAL
     * @param since when it was held
     * @param until when its safeguard looks again or gives up by itself, or null: until someone releases it
     */
    public record HeldRun(
            long jobId,
            long monitorId,
            String monitorName,
            long reactionId,
            String reactionName,
            String kind,
            String reason,
            Instant since,
            Instant until) {}

    /** One of a person's teams with runs held now, and how many: for the page of one team to point at the others. */
    public record TeamHolding(long teamId, String teamName, int held) {}

    /** A held run as a watcher needs it: which job, for which monitor. */
    public record Waiting(long jobId, long monitorId) {}

    /**
     * The teams {@code userId} is a member of, but for {@code exceptTeamId} (the one they work in), with runs held now,
     * by name: someone sent to the held runs page from a notice may be working in another of their teams.
     */
    public List<TeamHolding> inOtherTeamsOf(long userId, long exceptTeamId) {
        return jdbc.query(
                "select t.id, t.name, count(*) from reaction_jobs j join monitors m on m.id = j.monitor_id "
                        + "join teams t on t.id = m.team_id join team_members tm on tm.team_id = t.id "
                        + "and tm.user_id = ? where " + HELD_NOW + " and t.id <> ? group by t.id, t.name "
                        + "order by t.name",
                (rs, n) -> new TeamHolding(rs.getLong(1), rs.getString(2), rs.getInt(3)),
                userId,
                exceptTeamId);
    }

    /**
     * Releases a held run, for any actioner to claim at once. True for the one release that counts; false when it was
     * released already (another release came first), is not held, or finished meanwhile.
     *
     * @param by who released it: a person's email, or the safeguard that let it go
     */
    public boolean release(long jobId, String by) {
        return jdbc.update(RELEASE + " and j.id = ?", by, jobId) == 1;
    }

    /** As {@link #release(long, String)}, only while the run is held by that kind of safeguard (BREAKER, FLAPPING, APPROVAL). */
    public boolean releaseFrom(long jobId, String kind, String by) {
        return jdbc.update(RELEASE + " and j.id = ? and j.held_kind = ?", by, jobId, kind) == 1;
    }

    /** As {@link #release(long, String)}, for a run of one of the team's monitors only (another team's: false). */
    public boolean release(long teamId, long jobId, String by) {
        return jdbc.update(RELEASE + " and j.id = ?" + OF_TEAM, by, jobId, teamId) == 1;
    }

    /** Releases every run of the team held now, at once; returns the ids of those this call released. */
    public List<Long> releaseAll(long teamId, String by) {
        return jdbc.queryForList(RELEASE + OF_TEAM + " returning j.id", Long.class, by, teamId);
    }

    /** The team's runs held now and not released, oldest first. */
    public List<HeldRun> ofTeam(long teamId) {
        return jdbc.query(HELD_COLUMNS + " and m.team_id = ? order by j.held_at, j.id", HeldRuns::heldRun, teamId);
    }

    /** The team's run of that job, when it is held now and not released. */
    public Optional<HeldRun> find(long teamId, long jobId) {
        return jdbc.query(HELD_COLUMNS + " and m.team_id = ? and j.id = ?", HeldRuns::heldRun, teamId, jobId).stream()
                .findFirst();
    }

    /** Whether the job is a run of one of the team's monitors, held or not. */
    public boolean belongsTo(long teamId, long jobId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from reaction_jobs j join monitors m on m.id = j.monitor_id "
                        + "where j.id = ? and m.team_id = ?)",
                Boolean.class,
                jobId,
                teamId));
    }

    /** How many of the monitor's runs are held now and not released. */
    public int countOnMonitor(long monitorId) {
        Integer count = jdbc.queryForObject(
                "select count(*) from reaction_jobs where monitor_id = ? and held_kind is not null "
                        + "and released_at is null and finished_at is null",
                Integer.class,
                monitorId);
        return count == null ? 0 : count;
    }

    /** Every run held now by one kind of safeguard and not released, across all teams: what its watcher looks at. */
    public List<Waiting> heldNow(String kind) {
        return jdbc.query(
                "select id, monitor_id from reaction_jobs where held_kind = ? and released_at is null "
                        + "and finished_at is null order by id",
                (rs, n) -> new Waiting(rs.getLong("id"), rs.getLong("monitor_id")),
                kind);
    }

    private static HeldRun heldRun(ResultSet rs, int row) throws SQLException {
        Timestamp until = rs.getTimestamp("hold_until");
        return new HeldRun(
                rs.getLong("id"),
                rs.getLong("monitor_id"),
                rs.getString("monitor_name"),
                rs.getLong("reaction_id"),
                rs.getString("reaction_name"),
                rs.getString("held_kind"),
                rs.getString("held_reason"),
                rs.getTimestamp("held_at").toInstant(),
                until == null ? null : until.toInstant());
    }
}
