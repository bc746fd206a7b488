package io.cloudroutes.crweb.approval;

import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.store.reaction.HeldApprovals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reaction runs held for a person's approval, as people decide them: by the link of the request the actioner sent, or
 * through the API by the held run's job id. Every lookup is scoped by the team; a decision is made once (the first
 * wins), before the time limit on the application's clock, while the run still waits, and goes to the audit log.
 */
@Service
class Approvals {

    private final HeldApprovals approvals;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Approvals(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, AuditLog audit, Clock clock) {
        this.approvals = new HeldApprovals(jdbc, transactionManager);
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Where a request stands, for the page its link opens. */
    enum State {
        /** The run waits: it may be approved or denied now. */
        WAITING,
        /** Someone approved or denied it already: the link worked once. */
        DECIDED,
        /** Its time limit passed: it runs or is skipped as its reaction says. */
        EXPIRED,
        /** It no longer waits: the monitor recovered first, or the run was decided otherwise. */
        NOT_NEEDED
    }

    /** What the approval page shows. */
    record Page(
            State state,
            long jobId,
            String monitorName,
            long monitorId,
            String reactionName,
            String reactionType,
            StatusChanged change,
            Instant expiresAt,
            String timeLeft,
            String decision,
            String decidedBy,
            String finishedAs) {}

    /** The team of the request whose link carries {@code token}, whichever it is; empty when there is none. */
    Optional<Long> teamOf(String token) {
        return approvals.teamOfToken(HeldApprovals.hash(token));
    }

    /** The request whose link carries {@code token}, in the team; another team's, or none, is not found. */
    Page page(ActiveTeam team, String token) {
        HeldApprovals.Request request = approvals
                .byToken(HeldApprovals.hash(token), team.id())
                .orElseThrow(() -> new NotFoundException("approval request"));
        Instant now = clock.instant();
        State state = request.decision() != null
                ? State.DECIDED
                : !request.waiting()
                        ? State.NOT_NEEDED
                        : request.expiresAt().isAfter(now) ? State.WAITING : State.EXPIRED;
        return new Page(
                state,
                request.jobId(),
                request.monitorName(),
                request.monitorId(),
                request.reactionName(),
                request.reactionType(),
                MessageCodec.fromJson(request.change(), StatusChanged.class),
                request.expiresAt(),
                timeLeft(Duration.between(now, request.expiresAt())),
                request.decision(),
                request.decidedBy(),
                request.finishedAs());
    }

    /** The run of the link's request, to decide: not found unless the request is the team's. */
    long jobOf(ActiveTeam team, String token) {
        return page(team, token).jobId();
    }

    /** A held run of the team, as the API names it. */
    private record HeldRun(long jobId, long monitorId, String monitorName, String reactionName) {}

    /**
     * Approves (the run goes ahead at once, on any actioner) or denies (recorded as skipped) a run of the team held for
     * approval, and records who did it. Not found when the team has no run of that id held for approval; {@link
     * NotWaiting} when it was, but waits no more.
     */
    @Transactional
    void decide(ActiveTeam team, long jobId, boolean approve) {
        HeldRun run = heldForApproval(team, jobId).orElseThrow(() -> new NotFoundException("held run"));
        if (!approvals.decide(jobId, team.id(), approve, team.email(), clock.instant())) {
            throw new NotWaiting();
        }
        audit.record(
                team.id(),
                approve ? AuditAction.REACTION_RUN_APPROVED : AuditAction.REACTION_RUN_DENIED,
                AuditLog.Target.monitor(run.monitorId(), run.monitorName()),
                (approve ? "approved" : "denied") + " the run of reaction '" + run.reactionName() + "' (held run "
                        + jobId + ")");
    }

    private Optional<HeldRun> heldForApproval(ActiveTeam team, long jobId) {
        List<HeldRun> runs = jdbc.query(
                "select j.id, j.monitor_id, m.name, r.name from reaction_jobs j join monitors m on m.id = j.monitor_id "
                        + "join reactions r on r.id = j.reaction_id where j.id = ? and m.team_id = ? "
                        + "and j.held_kind = 'APPROVAL'",
                (rs, n) -> new HeldRun(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)),
                jobId,
                team.id());
        return runs.stream().findFirst();
    }

    /** The run was held for approval but no longer waits: decided, timed out, or its monitor recovered. */
    static final class NotWaiting extends RuntimeException {

        NotWaiting() {
            super("this run no longer waits for approval: it was approved or denied already, its time limit passed, "
                    + "or its monitor recovered first; nothing was changed");
        }
    }

    /** "9 min 30 s", "45 s", or "none" once passed. */
    static String timeLeft(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "none";
        }
        long seconds = left.toSeconds();
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append(" h ");
        }
        if (minutes > 0) {
            text.append(minutes).append(" min ");
        }
        if (rest > 0 || text.isEmpty()) {
            text.append(rest).append(" s");
        }
        return text.toString().strip();
    }
}
