package io.cloudroutes.crweb.approval;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.store.reaction.HeldApprovals;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A reaction run held for approval and its request, written as the actioner writes them (its hold, then the request
 * of {@link HeldApprovals}), since crweb has no actioner: the job's id and the token its link carries.
 */
public record HeldForApproval(long jobId, String token) {

    public static HeldForApproval of(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            long teamId,
            long monitorId,
            String monitorName,
            long reactionId,
            Instant until) {
        StatusChanged change =
                new StatusChanged(monitorId, monitorName, Status.HEALTHY, Status.FAILED, "HTTP 502", "default", 0, 1);
        long jobId = jdbc.queryForObject(
                "insert into reaction_jobs (monitor_id, reaction_id, episode, kind, to_status, held_for, change, "
                        + "not_before, held_kind, held_reason, held_at, hold_until) values (?, ?, ?, 'RUN', 'FAILED', "
                        + "1, ?, 'infinity', 'APPROVAL', 'held: waiting for a person''s approval', now(), ?) "
                        + "returning id",
                Long.class,
                monitorId,
                reactionId,
                UUID.randomUUID().toString(),
                MessageCodec.toJson(change),
                Timestamp.from(until));
        String token = HeldApprovals.newToken();
        HeldApprovals approvals = new HeldApprovals(jdbc, transactions);
        HeldApprovals.Unrequested run = approvals.unrequested().stream()
                .filter(r -> r.jobId() == jobId)
                .findFirst()
                .orElseThrow();
        if (!approvals.request(run, HeldApprovals.hash(token), Instant.now(), "ops@example.com")) {
            throw new IllegalStateException("the request was written before");
        }
        return new HeldForApproval(jobId, token);
    }
}
