package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Holds a monitor's reactions on FAILED while a monitor it depends on (a parent) is FAILED, so that a load balancer
 * going down sends the balancer's notice and not one per site behind it. A held run is recorded, skipped, with the
 * parent it waits for. When the parent recovers while the monitor is still FAILED, the held runs of its failure run
 * once (jobs of the kind {@code RELEASE}): its failure is its own, and someone has to hear of it. A recovery of a
 * monitor whose failure nobody heard of (every notice held, none released) is not announced either.
 *
 * <p>The parents come from PostgreSQL, their status from the live state in Redis, as the actioner knows it when the
 * run is admitted.
 */
@Component
class DependencyHolds {

    /** A parent FAILED at the time a child's run was admitted. */
    record FailedParent(long id, String name) {

        String heldReason() {
            return "held: depends on '" + name + "' (monitor " + id + "), which is FAILED";
        }
    }

    private final JdbcTemplate jdbc;
    private final RedisCommands<String, String> redis;

    DependencyHolds(JdbcTemplate jdbc, StatefulRedisConnection<String, String> connection) {
        this.jdbc = jdbc;
        this.redis = connection.sync();
    }

    /** The first of the monitor's parents that is FAILED now, other than {@code except} (null for none). */
    Optional<FailedParent> failedParent(long monitorId, Long except) {
        List<FailedParent> parents = jdbc.query(
                "select m.id, m.name from monitor_dependencies d join monitors m on m.id = d.depends_on_id "
                        + "where d.monitor_id = ? order by m.name, m.id",
                (rs, n) -> new FailedParent(rs.getLong(1), rs.getString(2)),
                monitorId);
        return parents.stream()
                .filter(parent -> except == null || parent.id() != except)
                .filter(parent -> Status.FAILED.name().equals(liveStatus(parent.id())))
                .findFirst();
    }

    /**
     * Why a recovery notice of the monitor is not sent: its last failure's runs were all held and none released, so
     * nobody was told of the failure (null when somebody was, or nothing was held).
     */
    String unheardFailure(ReactionJobs.Job recovery, StatusChanged change) {
        List<String> failure = jdbc.queryForList(
                "select episode from reaction_jobs where monitor_id = ? and to_status = 'FAILED' and id < ? "
                        + "order by id desc limit 1",
                String.class,
                recovery.monitorId(),
                recovery.id());
        if (failure.isEmpty()) {
            return null;
        }
        List<String> heldBy = jdbc.queryForList(
                "select m.name from reaction_jobs j left join monitors m on m.id = j.held_by "
                        + "where j.monitor_id = ? and j.episode = ? and j.held_by is not null "
                        + "and not exists (select 1 from reaction_jobs t where t.monitor_id = j.monitor_id "
                        + "and t.episode = j.episode and t.held_by is null and t.to_status = 'FAILED' "
                        + "and (t.finished_at is null or t.outcome in ('EXECUTED', 'FAILED'))) "
                        + "order by j.id limit 1",
                String.class,
                recovery.monitorId(),
                failure.getFirst());
        if (heldBy.isEmpty()) {
            return null;
        }
        String parent = heldBy.getFirst() == null ? "a monitor it depends on" : "'" + heldBy.getFirst() + "'";
        return "not run: nobody was told of the failure of " + change.monitorName() + " (its reactions were held while "
                + parent + " was FAILED), so its recovery is not announced either";
    }

    /**
     * At the recovery of {@code parent}, the runs for each child that were held in the child's current failure, to run
     * once now: added as {@code RELEASE} jobs (one per held run and episode, however often this is written) when the
     * child is still FAILED and no other parent of it is FAILED. Inside the ledger's transaction.
     */
    ReactionJobs.Added releaseChildren(long parent, String parentName, ReactionJobs jobs, ReactionJobs.Lease lease) {
        ReactionJobs.Added added = ReactionJobs.Added.NONE;
        for (Long child : jdbc.queryForList(
                "select monitor_id from monitor_dependencies where depends_on_id = ?", Long.class, parent)) {
            added = added.plus(releaseChild(child, parent, parentName, jobs, lease));
        }
        return added;
    }

    /**
     * After a run of {@code child} was held for {@code parent}: when the parent is no longer FAILED, its recovery may
     * have been written while this hold was being decided, and found nothing to release; the release is added here
     * then (added twice, it is one job). Returns whether jobs were added, for any actioner to claim.
     */
    boolean releaseIfRecovered(long child, FailedParent parent, ReactionJobs jobs) {
        if (Status.FAILED.name().equals(liveStatus(parent.id()))) {
            return false;
        }
        return releaseChild(child, parent.id(), parent.name(), jobs, null).count() > 0;
    }

    /** The held runs of the child's current failure, as RELEASE jobs, when it is still FAILED and held by no other. */
    private ReactionJobs.Added releaseChild(
            long child, long parent, String parentName, ReactionJobs jobs, ReactionJobs.Lease lease) {
        List<String> state =
                redis.hmget(RedisKeys.state(child), RedisKeys.StateField.STATUS, RedisKeys.StateField.EPISODE).stream()
                        .map(v -> v.getValueOrElse(null))
                        .toList();
        if (!Status.FAILED.name().equals(state.get(0))
                || state.get(1) == null
                || failedParent(child, parent).isPresent()) {
            return ReactionJobs.Added.NONE; // recovered meanwhile (its own recovery decides), or held by another parent
        }
        ReactionJobs.Added added = ReactionJobs.Added.NONE;
        for (Held held : held(child, state.get(1))) {
            StatusChanged change = held.change();
            StatusChanged released = new StatusChanged(
                    change.monitorId(),
                    change.monitorName(),
                    change.from(),
                    change.to(),
                    change.reason() + " (held while '" + parentName + "' was FAILED; '" + parentName
                            + "' recovered and " + change.monitorName() + " is still failing)",
                    change.zone(),
                    change.atMillis(),
                    change.heldFor(),
                    change.detectedAtMillis());
            added = added.plus(jobs.add(
                    child,
                    held.eventId(),
                    held.episode(),
                    released,
                    ReactionJobs.Kind.RELEASE,
                    List.of(new ReactionJobs.Planned(held.reactionId(), held.escalationStep(), 0)),
                    held.jobId(),
                    lease));
        }
        return added;
    }

    /** A run held in a child's failure. */
    private record Held(
            long jobId, long reactionId, Long eventId, String episode, int escalationStep, String changeJson) {

        StatusChanged change() {
            return MessageCodec.fromJson(changeJson, StatusChanged.class);
        }
    }

    private List<Held> held(long child, String episode) {
        List<Held> held = new ArrayList<>();
        jdbc.query(
                "select id, reaction_id, event_id, episode, escalation_step, change from reaction_jobs "
                        + "where monitor_id = ? and episode = ? and kind = 'RUN' and to_status = 'FAILED' "
                        + "and held_by is not null order by id",
                rs -> {
                    long event = rs.getLong("event_id");
                    Long eventId = rs.wasNull() ? null : event;
                    held.add(new Held(
                            rs.getLong("id"),
                            rs.getLong("reaction_id"),
                            eventId,
                            rs.getString("episode"),
                            rs.getInt("escalation_step"),
                            rs.getString("change")));
                },
                child,
                episode);
        return held;
    }

    private String liveStatus(long monitorId) {
        return redis.hget(RedisKeys.state(monitorId), RedisKeys.StateField.STATUS);
    }
}
