package io.cloudroutes.store.reaction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reaction runs held for a person's approval ({@code reaction_jobs.held_kind = 'APPROVAL'}) and the one request sent
 * for each ({@code approval_requests}), shared by the actioner (which sends requests and applies time limits) and crweb
 * (where people approve or deny). Every change is conditional on the run still being held and undecided, so that of
 * a person, an API key, a time limit and a recovery, whichever comes first decides and the others change nothing.
 */
public class HeldApprovals {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HELD = "held_kind = 'APPROVAL' and released_at is null and finished_at is null";

    private final JdbcTemplate jdbc;
    private final HeldRuns heldRuns;
    private final TransactionTemplate transactions;

    public HeldApprovals(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.heldRuns = new HeldRuns(jdbc);
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** A new link token: 256 random bits, URL-safe (it sits in a path). Only its {@link #hash} is stored. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of a token as 64 lower-case hex characters: a fast hash suffices for 256 random bits. */
    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A run waiting for approval that has no request yet: what the request says. */
    public record Unrequested(
            long jobId,
            long teamId,
            long monitorId,
            String monitorName,
            String reactionName,
            String reactionType,
            String change,
            Instant until,
            OnApprovalTimeout then) {}

    /** The runs held for approval whose request is not written yet. */
    public List<Unrequested> unrequested() {
        return jdbc.query(
                "select j.id, m.team_id, j.monitor_id, m.name as monitor_name, r.name as reaction_name, "
                        + "r.reaction_type, j.change, j.hold_until, r.on_approval_timeout from reaction_jobs j "
                        + "join monitors m on m.id = j.monitor_id join reactions r on r.id = j.reaction_id "
                        + "where j." + HELD.replace(" and ", " and j.") + " and j.hold_until is not null "
                        + "and not exists (select 1 from approval_requests a where a.job_id = j.id) order by j.id",
                (rs, n) -> new Unrequested(
                        rs.getLong("id"),
                        rs.getLong("team_id"),
                        rs.getLong("monitor_id"),
                        rs.getString("monitor_name"),
                        rs.getString("reaction_name"),
                        rs.getString("reaction_type"),
                        rs.getString("change"),
                        rs.getTimestamp("hold_until").toInstant(),
                        OnApprovalTimeout.valueOf(rs.getString("on_approval_timeout"))));
    }

    /**
     * Writes the run's one request; true only for the caller that wrote it (the one to send it), false when another
     * actioner did first.
     */
    public boolean request(Unrequested run, String tokenHash, Instant now, String sentTo) {
        return jdbc.update(
                        "insert into approval_requests (job_id, team_id, token_hash, created_at, expires_at, sent_to) "
                                + "values (?, ?, ?, ?, ?, ?) on conflict (job_id) do nothing",
                        run.jobId(),
                        run.teamId(),
                        tokenHash,
                        Timestamp.from(now),
                        Timestamp.from(run.until()),
                        sentTo)
                == 1;
    }

    /** A run whose approval time limit passed at {@code now}, and what its reaction says to do then. */
    public record TimedOut(long jobId, OnApprovalTimeout then, int timeoutSeconds) {}

    /** The runs still waiting for approval whose time limit passed at {@code now} (the application's clock). */
    public List<TimedOut> timedOut(Instant now) {
        return jdbc.query(
                "select j.id, r.on_approval_timeout, r.approval_timeout_seconds from reaction_jobs j "
                        + "join reactions r on r.id = j.reaction_id where j." + HELD.replace(" and ", " and j.")
                        + " and j.hold_until <= ? order by j.id",
                (rs, n) -> new TimedOut(rs.getLong(1), OnApprovalTimeout.valueOf(rs.getString(2)), rs.getInt(3)),
                Timestamp.from(now));
    }

    /**
     * Lets the run go: any actioner claims it at once and admits it past its approval. True only for the first of
     * concurrent decisions, and only while the run is still held for approval.
     */
    public boolean release(long jobId, String by) {
        return heldRuns.releaseFrom(jobId, "APPROVAL", by);
    }

    /**
     * Finishes the run as skipped with {@code why} (a denial, a time limit), in one transaction: the run on the
     * monitor's record, its one attempt, the job done. True only for the first of concurrent decisions.
     */
    public boolean skip(long jobId, String why) {
        Boolean done = transactions.execute(status -> {
            List<Long> job = jdbc.queryForList(
                    "update reaction_jobs set finished_at = now(), outcome = 'SKIPPED', skip_reason = ?, "
                            + "admitted_at = coalesce(admitted_at, now()), lease_owner = null, lease_until = null "
                            + "where id = ? and " + HELD + " returning id",
                    Long.class,
                    why,
                    jobId);
            if (job.isEmpty()) {
                return false;
            }
            Long runId = jdbc.queryForObject(
                    "insert into reaction_runs (monitor_id, reaction_id, reaction_name, event_id, outcome, output, "
                            + "started_at, finished_at, attempts, restore) select j.monitor_id, j.reaction_id, r.name, "
                            + "j.event_id, 'SKIPPED', ?, now(), now(), 1, false from reaction_jobs j "
                            + "join reactions r on r.id = j.reaction_id where j.id = ? returning id",
                    Long.class,
                    why,
                    jobId);
            jdbc.update(
                    "insert into reaction_attempts (job_id, run_id, attempt, outcome, retryable, output, started_at, "
                            + "finished_at) values (?, ?, (select coalesce(max(attempt), 0) + 1 from reaction_attempts "
                            + "where job_id = ?), 'SKIPPED', false, ?, now(), now())",
                    jobId,
                    runId,
                    jobId,
                    why);
            jdbc.update("update reaction_jobs set run_id = ? where id = ?", runId, jobId);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** A request as the person who follows its link sees it. */
    public record Request(
            long jobId,
            long teamId,
            long monitorId,
            String monitorName,
            String reactionName,
            String reactionType,
            String change,
            Instant expiresAt,
            Instant usedAt,
            String decision,
            String decidedBy,
            boolean waiting,
            String finishedAs) {}

    private static final String REQUEST = "select a.job_id, a.team_id, j.monitor_id, m.name as monitor_name, "
            + "r.name as reaction_name, r.reaction_type, j.change, a.expires_at, a.used_at, a.decision, a.decided_by, "
            + "(j." + HELD.replace(" and ", " and j.") + ") as waiting, "
            + "(select x.output from reaction_runs x where x.id = j.run_id) as finished_as "
            + "from approval_requests a join reaction_jobs j on j.id = a.job_id "
            + "join monitors m on m.id = j.monitor_id join reactions r on r.id = j.reaction_id ";

    /** The request whose link carries the token of this hash, in the team, or empty (another team's is none). */
    public Optional<Request> byToken(String tokenHash, long teamId) {
        return jdbc
                .query(REQUEST + "where a.token_hash = ? and a.team_id = ?", HeldApprovals::request, tokenHash, teamId)
                .stream()
                .findFirst();
    }

    /**
     * The team of the request whose link carries the token of {@code tokenHash}, or empty: for the link to act in that
     * team, whichever one its follower works in.
     */
    public Optional<Long> teamOfToken(String tokenHash) {
        return jdbc
                .queryForList("select team_id from approval_requests where token_hash = ?", Long.class, tokenHash)
                .stream()
                .findFirst();
    }

    /** The request of a held run, in the team, or empty. */
    public Optional<Request> byJob(long jobId, long teamId) {
        return jdbc
                .query(REQUEST + "where a.job_id = ? and a.team_id = ?", HeldApprovals::request, jobId, teamId)
                .stream()
                .findFirst();
    }

    /**
     * Decides a held run of the team in one transaction: approves (releases) or denies (skips) it and marks its request
     * used, so its link works no more. False, with nothing changed, when the run is not the team's, is no longer
     * waiting (it recovered, timed out, was decided) or its time limit passed at {@code now} (the application's clock).
     */
    public boolean decide(long jobId, long teamId, boolean approve, String by, Instant now) {
        Boolean done = transactions.execute(status -> {
            List<Long> waiting = jdbc.queryForList(
                    "select j.id from reaction_jobs j join monitors m on m.id = j.monitor_id where j.id = ? "
                            + "and m.team_id = ? and j." + HELD.replace(" and ", " and j.") + " and j.hold_until > ? "
                            + "for update of j",
                    Long.class,
                    jobId,
                    teamId,
                    Timestamp.from(now));
            if (waiting.isEmpty()) {
                return false;
            }
            jdbc.update(
                    "update approval_requests set used_at = ?, decision = ?, decided_by = ? where job_id = ? "
                            + "and used_at is null",
                    Timestamp.from(now),
                    approve ? "APPROVED" : "DENIED",
                    by,
                    jobId);
            boolean decided = approve ? release(jobId, by) : skip(jobId, "denied by " + by);
            if (!decided) {
                status.setRollbackOnly();
            }
            return decided;
        });
        return Boolean.TRUE.equals(done);
    }

    private static Request request(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp used = rs.getTimestamp("used_at");
        return new Request(
                rs.getLong("job_id"),
                rs.getLong("team_id"),
                rs.getLong("monitor_id"),
                rs.getString("monitor_name"),
                rs.getString("reaction_name"),
                rs.getString("reaction_type"),
                rs.getString("change"),
                rs.getTimestamp("expires_at").toInstant(),
                used == null ? null : used.toInstant(),
                rs.getString("decision"),
                rs.getString("decided_by"),
                rs.getBoolean("waiting"),
                rs.getString("finished_as"));
    }
}
