package io.cloudroutes.crweb.replay;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.history.CheckHistoryQueries;
import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replays people ask for: what a proposed reaction (an existing one, or the reaction form's values, never saved) would
 * have done over a monitor's stored results of the last days. crweb records the request; an actioner replays it
 * through the live fold and reaction policy and writes the result, which crweb shows. Every read is scoped by team.
 */
@Service
public class Replays {

    private final JdbcTemplate jdbc;
    private final MonitorService monitors;
    private final ReactionConfigRepository reactions;
    private final PluginRegistry<ReactionType> types;
    private final CheckHistoryQueries history;
    private final AuditLog audit;
    private final Clock clock;

    Replays(
            JdbcTemplate jdbc,
            MonitorService monitors,
            ReactionConfigRepository reactions,
            PluginRegistry<ReactionType> types,
            CheckHistoryQueries history,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.monitors = monitors;
        this.reactions = reactions;
        this.types = types;
        this.history = history;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What to replay: an existing reaction of the team ({@code reactionId}), or a proposed one's fields; and how many
     * days back. Missing numbers take the reaction form's defaults.
     */
    public record Proposal(
            Long reactionId,
            String name,
            String reactionType,
            String callOn,
            Integer triggerCount,
            Integer frequencySeconds,
            Integer escalationStep,
            Integer escalationWaitSeconds,
            Integer days) {}

    /** A replay as asked for, with its state and, once done, what it found. */
    public record Replay(
            long id,
            long monitorId,
            String monitorName,
            String requestedBy,
            Instant requestedAt,
            int days,
            Long reactionId,
            String reactionName,
            String reactionType,
            CallOn callOn,
            int triggerCount,
            int frequencySeconds,
            int escalationStep,
            int escalationWaitSeconds,
            String state,
            Instant historyFrom,
            Instant historyTo,
            Integer resultsReplayed,
            String error,
            List<WouldRun> runs) {

        public boolean done() {
            return "DONE".equals(state);
        }

        public long wouldRun() {
            return runs.stream().filter(WouldRun::wouldRun).count();
        }

        /** The summary people read first: "would have run 3 times in 7 days (1 more skipped)". */
        public String summary() {
            return switch (state) {
                case "PENDING", "RUNNING" -> "Replaying " + days + " day" + (days == 1 ? "" : "s") + " of history…";
                case "FAILED" -> "The replay failed: " + error;
                default -> {
                    long ran = wouldRun();
                    long skipped = runs.size() - ran;
                    yield reactionName + " would have run " + times(ran) + " in " + days + " day"
                            + (days == 1 ? "" : "s") + (skipped > 0 ? " (" + times(skipped) + " skipped)" : "")
                            + ", over " + resultsReplayed + " stored result" + (resultsReplayed == 1 ? "" : "s")
                            + ".";
                }
            };
        }

        private static String times(long n) {
            return n == 1 ? "once" : n + " times";
        }
    }

    /** One run the proposed reaction would have made: when, for which episode and step, why, and whether it ran. */
    public record WouldRun(
            Instant at,
            String episode,
            int step,
            String fromStatus,
            String toStatus,
            int heldFor,
            String reason,
            boolean wouldRun,
            String skipReason) {}

    /** How far back a replay may reach: the raw results' retention. */
    public int mostDays() {
        return Math.min(history.rawResultsDays(), Limits.ReplayDays.MAX);
    }

    /** Records the request of a replay of the team's monitor; refused, nothing is recorded. */
    @Transactional
    public SaveResult<Long> request(ActiveTeam team, long monitorId, Proposal proposal) {
        Monitor monitor = monitors.get(team.id(), monitorId);
        List<FieldProblem> problems = new ArrayList<>();
        ReactionConfig reaction = reaction(team, proposal, problems);
        int days = proposal.days() == null ? Math.min(7, mostDays()) : proposal.days();
        if (days < 1 || days > mostDays()) {
            problems.add(new FieldProblem(
                    "days",
                    "replay reaches back 1 to " + mostDays() + " days: raw check results are kept for " + mostDays()
                            + " days (CLOUDROUTES_RETENTION_RAW_RESULTS_DAYS); choose fewer days"));
        }
        if (!problems.isEmpty()) {
            return new SaveResult.Refused<>(problems);
        }
        Long id = jdbc.queryForObject(
                "insert into replay_requests (team_id, monitor_id, requested_by, requested_at, days, reaction_id, "
                        + "reaction_name, reaction_type, call_on, trigger_count, frequency_seconds, escalation_step, "
                        + "escalation_wait_seconds) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
                Long.class,
                team.id(),
                monitor.getId(),
                team.email(),
                Timestamp.from(clock.instant()),
                days,
                proposal.reactionId(),
                reaction.getName(),
                reaction.getReactionType(),
                reaction.getCallOn().name(),
                reaction.getTriggerCount(),
                reaction.getFrequencySeconds(),
                reaction.getEscalationStep(),
                reaction.getEscalationWaitSeconds());
        audit.record(
                team.id(),
                AuditAction.REPLAY_REQUESTED,
                new AuditLog.Target("monitor", monitor.getId(), monitor.getName()),
                "replay of " + days + " days for reaction " + reaction.getName()
                        + (proposal.reactionId() == null ? " (proposed, not saved)" : ""));
        return new SaveResult.Saved<>(id);
    }

    /**
     * The reaction to replay, as a value never saved: the team's reaction named by id, or one made of the proposed
     * fields; what is wrong with them goes to {@code problems}.
     */
    private ReactionConfig reaction(ActiveTeam team, Proposal proposal, List<FieldProblem> problems) {
        if (proposal.reactionId() != null) {
            return reactions
                    .findByIdAndTeamId(proposal.reactionId(), team.id())
                    .orElseThrow(() -> new NotFoundException("reaction " + proposal.reactionId()));
        }
        String type =
                proposal.reactionType() == null ? "" : proposal.reactionType().strip();
        if (types.find(type).isEmpty()) {
            problems.add(new FieldProblem("reactionType", "choose a reaction type (such as webhook or email)"));
        }
        String name = proposal.name() == null || proposal.name().isBlank()
                ? type
                : proposal.name().strip();
        if (name.length() > 200) {
            problems.add(new FieldProblem("name", "at most 200 characters"));
        }
        ReactionConfig reaction = new ReactionConfig(team.id(), team.memberId(), name, type);
        try {
            reaction.setCallOn(CallOn.valueOf((proposal.callOn() == null ? "FAILED" : proposal.callOn())
                    .strip()
                    .toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("callOn", "choose FAILED, HEALTHY or BOTH"));
        }
        reaction.setTriggerCount(within(
                proposal.triggerCount(),
                1,
                Limits.TriggerCount.MIN,
                Limits.TriggerCount.MAX,
                "triggerCount",
                Limits.TriggerCount.MESSAGE,
                problems));
        reaction.setFrequencySeconds(within(
                proposal.frequencySeconds(),
                0,
                Limits.FrequencySeconds.MIN,
                Limits.FrequencySeconds.MAX,
                "frequencySeconds",
                Limits.FrequencySeconds.MESSAGE,
                problems));
        reaction.setEscalationStep(within(
                proposal.escalationStep(),
                1,
                Limits.EscalationStep.MIN,
                Limits.EscalationStep.MAX,
                "escalationStep",
                Limits.EscalationStep.MESSAGE,
                problems));
        reaction.setEscalationWaitSeconds(within(
                proposal.escalationWaitSeconds(),
                0,
                Limits.EscalationWaitSeconds.MIN,
                Limits.EscalationWaitSeconds.MAX,
                "escalationWaitSeconds",
                Limits.EscalationWaitSeconds.MESSAGE,
                problems));
        return reaction;
    }

    private static int within(
            Integer value, int fallback, int min, int max, String field, String message, List<FieldProblem> problems) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            problems.add(new FieldProblem(field, message));
            return fallback;
        }
        return v;
    }

    /** The team's replay, with what it found so far; another team's is not found. */
    public Replay get(long teamId, long replayId) {
        List<Replay> found = jdbc.query(
                "select r.*, m.name as monitor_name from replay_requests r join monitors m on m.id = r.monitor_id "
                        + "where r.id = ? and r.team_id = ? and m.team_id = ?",
                (rs, i) -> new Replay(
                        rs.getLong("id"),
                        rs.getLong("monitor_id"),
                        rs.getString("monitor_name"),
                        rs.getString("requested_by"),
                        rs.getTimestamp("requested_at").toInstant(),
                        rs.getInt("days"),
                        (Long) rs.getObject("reaction_id"),
                        rs.getString("reaction_name"),
                        rs.getString("reaction_type"),
                        CallOn.valueOf(rs.getString("call_on")),
                        rs.getInt("trigger_count"),
                        rs.getInt("frequency_seconds"),
                        rs.getInt("escalation_step"),
                        rs.getInt("escalation_wait_seconds"),
                        rs.getString("state"),
                        instant(rs.getTimestamp("history_from")),
                        instant(rs.getTimestamp("history_to")),
                        (Integer) rs.getObject("results_replayed"),
                        rs.getString("error"),
                        runs(replayId)),
                replayId,
                teamId,
                teamId);
        if (found.isEmpty()) {
            throw new NotFoundException("replay " + replayId);
        }
        return found.getFirst();
    }

    private List<WouldRun> runs(long replayId) {
        return jdbc.query(
                "select at, episode, step, from_status, to_status, held_for, reason, would_run, skip_reason "
                        + "from replay_decisions where request_id = ? order by at, id",
                (rs, i) -> new WouldRun(
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("episode"),
                        rs.getInt("step"),
                        rs.getString("from_status"),
                        rs.getString("to_status"),
                        rs.getInt("held_for"),
                        rs.getString("reason"),
                        rs.getBoolean("would_run"),
                        rs.getString("skip_reason")),
                replayId);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
