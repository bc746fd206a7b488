package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.store.reaction.ReactionConfig;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out the replays people ask for in crweb (rows of {@code replay_requests}): every second, on every actioner,
 * it claims one waiting request (for update skip locked, as jobs are claimed; a claim whose actioner died is taken
 * over once its lease passed), replays the monitor's history for the proposed reaction ({@link HistoryReplay}) and
 * writes what it would have done to {@code replay_decisions}. The proposed reaction exists only in the request: it is
 * never saved as a reaction. Leases come from the application's clock and are stored as absolute times.
 */
@Component
class ReplayRunner extends EverySecond {

    private static final Logger log = LoggerFactory.getLogger(ReplayRunner.class);

    /** A replay of a week of results takes seconds; one not done by then is taken over. */
    static final Duration LEASE = Duration.ofMinutes(5);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final StateFolder folder;
    private final HistoryReplay replay;
    private final Clock clock;
    private final String owner = "replay-" + UUID.randomUUID();

    ReplayRunner(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            StateFolder folder,
            HistoryReplay replay,
            Clock clock) {
        super("replay requests");
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.folder = folder;
        this.replay = replay;
        this.clock = clock;
    }

    /** A claimed request: the monitor, how far back, and the proposed reaction. */
    record Request(long id, long monitorId, int days, ReactionConfig reaction) {}

    /** Replays run here, one at a time per actioner, so that a long one holds up none of the every-second watches. */
    private final ExecutorService replaying = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("crbridge-replay").daemon().factory());

    private final AtomicBoolean busy = new AtomicBoolean();

    @Override
    void runOnce() {
        if (!busy.compareAndSet(false, true)) {
            return; // one replay at a time: the next waits for this one, or for another actioner
        }
        try {
            Optional<Request> claimed = claim();
            if (claimed.isEmpty()) {
                busy.set(false);
                return;
            }
            replaying.execute(() -> {
                try {
                    carryOut(claimed.get());
                } finally {
                    busy.set(false);
                }
            });
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        replaying.shutdownNow();
    }

    /** Claims the oldest waiting request, or one whose actioner's lease passed. */
    Optional<Request> claim() {
        Instant now = clock.instant();
        return jdbc
                .query(
                        "update replay_requests r set state = 'RUNNING', claimed_by = ?, claimed_until = ? "
                                + "where r.id = (select id from replay_requests where state = 'PENDING' "
                                + "or (state = 'RUNNING' and claimed_until < ?) order by requested_at, id limit 1 "
                                + "for update skip locked) returning r.*",
                        (rs, i) -> {
                            ReactionConfig reaction = new ReactionConfig(
                                    rs.getLong("team_id"),
                                    0L,
                                    rs.getString("reaction_name"),
                                    rs.getString("reaction_type"));
                            reaction.setCallOn(CallOn.valueOf(rs.getString("call_on")));
                            reaction.setTriggerCount(rs.getInt("trigger_count"));
                            reaction.setFrequencySeconds(rs.getInt("frequency_seconds"));
                            reaction.setEscalationStep(rs.getInt("escalation_step"));
                            reaction.setEscalationWaitSeconds(rs.getInt("escalation_wait_seconds"));
                            return new Request(rs.getLong("id"), rs.getLong("monitor_id"), rs.getInt("days"), reaction);
                        },
                        owner,
                        Timestamp.from(now.plus(LEASE)),
                        Timestamp.from(now))
                .stream()
                .findFirst();
    }

    /** Replays the request and records its result; a replay that cannot be done is recorded as failed, with why. */
    void carryOut(Request request) {
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(request.days()));
        try {
            Optional<MonitorDefinition> definition = folder.definition(request.monitorId());
            if (definition.isEmpty()) {
                failed(request, "the monitor is not active (deleted, or not written to the actioners yet): try again");
                return;
            }
            HistoryReplay.Outcome outcome = replay.replay(definition.get(), List.of(request.reaction()), from, to);
            transactions.executeWithoutResult(status -> {
                for (HistoryReplay.WouldRun run : outcome.runs()) {
                    jdbc.update(
                            "insert into replay_decisions (request_id, at, episode, step, from_status, to_status, "
                                    + "held_for, reason, would_run, skip_reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            request.id(),
                            Timestamp.from(run.at()),
                            run.episode(),
                            run.step(),
                            run.from().name(),
                            run.to().name(),
                            run.heldFor(),
                            run.reason(),
                            run.runs(),
                            run.skipReason());
                }
                jdbc.update(
                        "update replay_requests set state = 'DONE', history_from = ?, history_to = ?, "
                                + "results_replayed = ?, finished_at = ? where id = ? and claimed_by = ?",
                        Timestamp.from(from),
                        Timestamp.from(to),
                        outcome.resultsReplayed(),
                        Timestamp.from(clock.instant()),
                        request.id(),
                        owner);
            });
            log.info(
                    "replay done request={} monitor={} results={} runs={}",
                    request.id(),
                    request.monitorId(),
                    outcome.resultsReplayed(),
                    outcome.runs().size());
        } catch (RuntimeException e) {
            log.warn("replay failed request={} monitor={} error={}", request.id(), request.monitorId(), e.toString());
            failed(request, "the replay failed (" + e.getClass().getSimpleName() + "): try again");
        }
    }

    private void failed(Request request, String error) {
        jdbc.update(
                "update replay_requests set state = 'FAILED', error = ?, finished_at = ? where id = ? and claimed_by = ?",
                error,
                Timestamp.from(clock.instant()),
                request.id(),
                owner);
    }
}
