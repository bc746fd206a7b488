package io.cloudroutes.crweb.run;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.RunExplanation;
import io.cloudroutes.crweb.system.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One reaction run with everything that explains it: the run, its attempts, the hold it waited in, and why it ran.
 * Found through its monitor's team, so another team's run is not found (404).
 */
@Component
class ReactionRunDetails {

    /** A run as its page and the API show it. */
    record RunDetail(
            long id,
            long monitorId,
            String monitorName,
            Long reactionId,
            String reactionName,
            String reactionType,
            ReactionOutcome outcome,
            String output,
            Instant startedAt,
            Instant finishedAt,
            int attempts,
            boolean restore,
            Transition transition,
            Hold hold,
            RunExplanation explanation,
            List<Attempt> attemptList) {}

    /** The transition the run reacted to (its episode's event). */
    record Transition(long eventId, String from, String to, String reason, String zone, Instant at) {}

    /** The safeguard hold the run waited in, and who let it go. */
    record Hold(String kind, String reason, Instant heldAt, Instant until, String releasedBy, Instant releasedAt) {}

    /** One attempt of the run. */
    record Attempt(
            int attempt,
            ReactionOutcome outcome,
            boolean retryable,
            String output,
            Instant startedAt,
            Instant finishedAt) {}

    private final JdbcTemplate jdbc;

    ReactionRunDetails(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The team's run {@code id}; not found when it is another team's or there is none. */
    RunDetail get(long teamId, long id) {
        // a held run's row is written while its job waits unfinished, so it is found by its reaction and event
        List<RunDetail> found = jdbc.query(
                "select r.id, r.monitor_id, m.name as monitor_name, r.reaction_id, r.reaction_name, x.reaction_type, "
                        + "r.outcome, r.output, r.started_at, r.finished_at, r.attempts, r.restore, "
                        + "e.id as event_id, e.from_status, e.to_status, e.reason as event_reason, e.zone as event_zone, "
                        + "e.occurred_at, e.explanation::text as event_explanation, j.id as job_id, "
                        + "j.explanation::text as job_explanation, j.held_kind, j.held_reason, j.held_at, j.hold_until, "
                        + "j.released_by, j.released_at "
                        + "from reaction_runs r join monitors m on m.id = r.monitor_id "
                        + "left join reactions x on x.id = r.reaction_id "
                        + "left join events e on e.id = r.event_id "
                        + "left join lateral (select * from reaction_jobs j where j.run_id = r.id or (r.outcome = 'HELD' "
                        + "and j.monitor_id = r.monitor_id and j.reaction_id = r.reaction_id "
                        + "and j.event_id is not distinct from r.event_id and j.held_kind is not null) "
                        + "order by (j.run_id = r.id) desc nulls last, j.id desc limit 1) j on true "
                        + "where r.id = ? and m.team_id = ?",
                this::detail,
                id,
                teamId);
        if (found.isEmpty()) {
            throw new NotFoundException("reaction run");
        }
        return found.getFirst();
    }

    private RunDetail detail(ResultSet rs, int row) throws SQLException {
        long runId = rs.getLong("id");
        long eventId = rs.getLong("event_id");
        Transition transition = rs.wasNull()
                ? null
                : new Transition(
                        eventId,
                        rs.getString("from_status"),
                        rs.getString("to_status"),
                        rs.getString("event_reason"),
                        rs.getString("event_zone"),
                        instant(rs, "occurred_at"));
        String heldKind = rs.getString("held_kind");
        Hold hold = heldKind == null
                ? null
                : new Hold(
                        heldKind,
                        rs.getString("held_reason"),
                        instant(rs, "held_at"),
                        instant(rs, "hold_until"),
                        rs.getString("released_by"),
                        instant(rs, "released_at"));
        String jobJson = rs.getString("job_explanation");
        String eventJson = rs.getString("event_explanation");
        RunExplanation explanation = (jobJson == null
                        ? RunExplanation.NONE
                        : MessageCodec.fromJson(jobJson, RunExplanation.class))
                .orDecision(eventJson == null ? null : MessageCodec.fromJson(eventJson, RunExplanation.Decision.class));
        long reactionId = rs.getLong("reaction_id");
        Long reaction = rs.wasNull() ? null : reactionId;
        return new RunDetail(
                runId,
                rs.getLong("monitor_id"),
                rs.getString("monitor_name"),
                reaction,
                rs.getString("reaction_name"),
                rs.getString("reaction_type"),
                ReactionOutcome.valueOf(rs.getString("outcome")),
                rs.getString("output"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getInt("attempts"),
                rs.getBoolean("restore"),
                transition,
                hold,
                explanation,
                attempts(runId));
    }

    private List<Attempt> attempts(long runId) {
        return jdbc.query(
                "select attempt, outcome, retryable, output, started_at, finished_at from reaction_attempts "
                        + "where run_id = ? order by attempt",
                (rs, n) -> new Attempt(
                        rs.getInt("attempt"),
                        ReactionOutcome.valueOf(rs.getString("outcome")),
                        rs.getBoolean("retryable"),
                        rs.getString("output"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at")),
                runId);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
