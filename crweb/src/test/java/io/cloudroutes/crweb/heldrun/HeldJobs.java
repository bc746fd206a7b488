package io.cloudroutes.crweb.heldrun;

import org.springframework.jdbc.core.JdbcTemplate;

/** Runs held by a safeguard, as an actioner leaves them in PostgreSQL: unfinished and never due until released. */
final class HeldJobs {

    private HeldJobs() {}

    /** A run of the reaction on the monitor's failure, held with this reason; returns its job id. */
    static long held(JdbcTemplate jdbc, long monitorId, long reactionId, String kind, String reason) {
        return jdbc.queryForObject(
                "insert into reaction_jobs (monitor_id, reaction_id, episode, kind, to_status, held_for, change, "
                        + "held_kind, held_reason, held_at, not_before) values (?, ?, ?, 'RUN', 'FAILED', 1, '{}', ?, ?, "
                        + "now(), 'infinity') returning id",
                Long.class,
                monitorId,
                reactionId,
                "episode-" + System.nanoTime(),
                kind,
                reason);
    }

    /** Who released the job, or null while it is held. */
    static String releasedBy(JdbcTemplate jdbc, long jobId) {
        return jdbc.queryForObject("select released_by from reaction_jobs where id = ?", String.class, jobId);
    }

    /** Whether the job is due now (released: any actioner claims it), not held back until 'infinity'. */
    static boolean due(JdbcTemplate jdbc, long jobId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select not_before <= now() from reaction_jobs where id = ?", Boolean.class, jobId));
    }
}
