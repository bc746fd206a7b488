package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.log.LogContext;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.crbridge.history.CheckHistory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The actioner's one path for every result, from workers and from webhooks alike: fold it into state, which records
 * the decision it makes in the same atomic step, and tell the {@link DecisionLedger} to write it to PostgreSQL. The
 * result is done with once folded: nothing on this path waits for PostgreSQL, so a stalled database never stops the
 * live status. A folded result goes to {@link CheckHistory}, which writes it later on its own thread.
 */
@Component
class ResultProcessor {

    private static final Logger log = LoggerFactory.getLogger(ResultProcessor.class);
    /** How long a result of a monitor Redis does not know waits for PostgreSQL to say whether it exists. */
    private static final Duration LOOKUP_WAIT = Duration.ofSeconds(1);

    private final StateFolder folder;
    private final DecisionLedger ledger;
    private final HeartbeatDeadlines deadlines;
    private final MissingMonitors missing;
    private final CheckHistory history;
    private final ZoneHealth zones;
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final Counter folded;
    private final Counter duplicates;
    private final DistributionSummary batchSizes;
    private final Timer detectionToFold;
    private final MeterRegistry meters;
    private final Clock clock;

    ResultProcessor(
            StateFolder folder,
            DecisionLedger ledger,
            HeartbeatDeadlines deadlines,
            MissingMonitors missing,
            CheckHistory history,
            MeterRegistry meters,
            Clock clock,
            ZoneHealth zones) {
        this.history = history;
        this.zones = zones;
        this.clock = clock;
        this.folder = folder;
        this.ledger = ledger;
        this.missing = missing;
        this.deadlines = deadlines;
        this.folded = meters.counter("cloudroutes.actioner.results", "outcome", "folded");
        this.duplicates = meters.counter("cloudroutes.actioner.results", "outcome", "duplicate");
        this.batchSizes = DistributionSummary.builder("cloudroutes.actioner.batch.size")
                .description("results folded together, their definitions and folds pipelined")
                .register(meters);
        this.detectionToFold = Timer.builder("cloudroutes.actioner.detection.to.fold")
                .description("from a result that made a transition (its check done) to its fold into live state, "
                        + "the part of detection to reaction before the decision is written")
                .publishPercentileHistogram()
                .register(meters);
        this.meters = meters;
    }

    /**
     * Handles one result as {@link #processBatch} does a batch of one (a late heartbeat's failure); throws when it
     * could not be handled, so that its caller tries again.
     */
    void process(CheckResult result) {
        Map<Integer, RuntimeException> left = fold(List.of(result));
        if (!left.isEmpty()) {
            throw left.get(0);
        }
    }

    /**
     * Folds the results in their order, as the stream delivered them: the definitions of their monitors in one Redis
     * round trip and their folds in another, so a monitor's results fold in the order given. Returns the results left
     * for later, by position, with why: a monitor whose definition could not be read (Redis, or PostgreSQL for a
     * monitor Redis does not hold, not answering in time) leaves all its results of the batch; a fold that failed
     * leaves its own. Every other result is done with: folded, a redelivery, or of a deleted monitor (dropped).
     */
    Map<Integer, RuntimeException> processBatch(List<CheckResult> results) {
        if (!results.isEmpty()) {
            batchSizes.record(results.size());
        }
        return fold(results);
    }

    private Map<Integer, RuntimeException> fold(List<CheckResult> results) {
        Map<Integer, RuntimeException> left = new TreeMap<>();
        if (results.isEmpty()) {
            return left;
        }
        Map<Long, CompletableFuture<Optional<MonitorDefinition>>> definitions = definitions(results);
        List<Integer> positions = new ArrayList<>(results.size());
        List<MonitorDefinition> folding = new ArrayList<>(results.size());
        List<StateFolder.FoldCall> calls = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            CheckResult result = results.get(i);
            CompletableFuture<Optional<MonitorDefinition>> definition = definitions.get(result.monitorId());
            if (definition.isCompletedExceptionally()) {
                left.put(i, failure(definition));
            } else if (definition.resultNow().isEmpty()) {
                log.debug("dropping result of a deleted monitor monitor={}", result.monitorId());
            } else {
                positions.add(i);
                folding.add(definition.resultNow().get());
                calls.add(StateFolder.foldCall(result, definition.resultNow().get()));
            }
        }
        List<CompletableFuture<Optional<Fold>>> folds = folder.foldAll(calls);
        Set<Integer> deleted = foldUnrestoredAgain(results, positions, folding, folds);
        boolean counted = false;
        List<CheckResult> heard = new ArrayList<>(positions.size());
        for (int k = 0; k < positions.size(); k++) {
            if (deleted.contains(k)) {
                continue;
            }
            int position = positions.get(k);
            CheckResult result = results.get(position);
            try (LogContext.Scope ignored = LogContext.monitor(result.monitorId())) {
                if (folds.get(k).isCompletedExceptionally()) {
                    left.put(position, failure(folds.get(k)));
                } else {
                    counted |= folded(result, folding.get(k), folds.get(k).resultNow());
                    heard.add(result);
                }
            } catch (RuntimeException e) {
                // the deadline's bookkeeping failed: the result is handled again, a duplicate then, which redoes it
                left.put(position, e);
            }
        }
        zones.heard(heard); // which worker zones were heard, for the breaker's checker health
        if (counted) {
            ledger.wake();
        }
        return left;
    }

    /**
     * The folds refused because their monitor had no state while Redis, having lost its data, is not rebuilt yet
     * (the definition was read just before the loss, or a rebuild running across it wrote the monitor again): their
     * monitors' statuses come back from PostgreSQL first, then those results are folded again, in their order, and
     * their outcomes (and definitions, as PostgreSQL has them now) replace the refused ones. Returns the folds (by
     * index in {@code folds}) whose monitor PostgreSQL no longer has: their results are dropped. Only if a rebuild
     * restored the monitor's status between two of its folds in one batch can a later result of it have folded
     * before a refused earlier one: a rare reordering within one batch, as after a script reload, never a loss.
     */
    private Set<Integer> foldUnrestoredAgain(
            List<CheckResult> results,
            List<Integer> positions,
            List<MonitorDefinition> folding,
            List<CompletableFuture<Optional<Fold>>> folds) {
        List<Integer> refused = new ArrayList<>();
        Map<Long, CompletableFuture<Optional<MonitorDefinition>>> restored = new LinkedHashMap<>();
        for (int k = 0; k < folds.size(); k++) {
            if (folds.get(k).isCompletedExceptionally()
                    && folds.get(k).exceptionNow() instanceof StateFolder.Unrestored) {
                refused.add(k);
                restored.computeIfAbsent(results.get(positions.get(k)).monitorId(), this::fromDatabase);
            }
        }
        if (refused.isEmpty()) {
            return Set.of();
        }
        Set<Integer> deleted = new HashSet<>();
        awaitLookups(restored.values());
        List<Integer> again = new ArrayList<>();
        List<StateFolder.FoldCall> calls = new ArrayList<>();
        for (int k : refused) {
            CheckResult result = results.get(positions.get(k));
            CompletableFuture<Optional<MonitorDefinition>> definition = restored.get(result.monitorId());
            if (definition.isCompletedExceptionally()) {
                folds.set(k, CompletableFuture.failedFuture(failure(definition)));
            } else if (definition.resultNow().isEmpty()) {
                log.debug("dropping result of a deleted monitor monitor={}", result.monitorId());
                deleted.add(k);
            } else {
                folding.set(k, definition.resultNow().get());
                again.add(k);
                calls.add(StateFolder.foldCall(result, definition.resultNow().get(), true));
            }
        }
        List<CompletableFuture<Optional<Fold>>> refolded = folder.foldAll(calls);
        for (int i = 0; i < again.size(); i++) {
            folds.set(again.get(i), refolded.get(i));
        }
        return deleted;
    }

    /** After a result's fold (empty for a redelivery): its heartbeat deadline, the metrics, the transition's line. */
    private boolean folded(CheckResult result, MonitorDefinition definition, Optional<Fold> fold) {
        deadlines.afterFold(result, definition, fold);
        if (fold.isEmpty()) {
            duplicates.increment();
            return false;
        }
        Fold state = fold.get();
        // once per result: a redelivery folds nothing and is not written again; never waits for PostgreSQL
        history.record(result, state.foldedAtMillis());
        if (state.transitioned()) {
            detectionToFold.record(Math.max(0, clock.millis() - result.knownAtMillis()), TimeUnit.MILLISECONDS);
            // three statuses: at most nine series, and the on-call sees failures and recoveries apart
            meters.counter(
                            "cloudroutes.actioner.transitions",
                            "from",
                            state.previous().name(),
                            "to",
                            state.current().name())
                    .increment();
            log.info(
                    "monitor transition monitor={} name=\"{}\" from={} to={} reason=\"{}\" zone={}",
                    result.monitorId(),
                    definition.name(),
                    state.previous(),
                    state.current(),
                    result.reason(),
                    result.zone());
        }
        if (state.flapChanged()) {
            // exactly one fold sets the flag and one clears it, on whichever actioner: one line each
            log.info(
                    state.flapping()
                            ? "monitor flapping monitor={} name=\"{}\" status={}"
                            : "monitor stable again monitor={} name=\"{}\" status={}",
                    result.monitorId(),
                    definition.name(),
                    state.current());
        }
        folded.increment();
        return state.counted();
    }

    /**
     * The definitions of the results' monitors, from Redis in one round trip; those Redis does not hold from
     * PostgreSQL, looked up at once and waited for at most {@link #LOOKUP_WAIT} in all. Every future is done.
     */
    private Map<Long, CompletableFuture<Optional<MonitorDefinition>>> definitions(List<CheckResult> results) {
        Set<Long> monitorIds = new LinkedHashSet<>();
        results.forEach(result -> monitorIds.add(result.monitorId()));
        Map<Long, CompletableFuture<Optional<MonitorDefinition>>> definitions = folder.definitions(monitorIds);
        // Not in Redis: a webhook accepted while crbridge was down can be read from the stream before the bridge's
        // first rebuild wrote its monitor, and after Redis lost its data results come before the rebuild reaches
        // their monitors. PostgreSQL decides whether the monitor still exists, and gives its status back first.
        List<CompletableFuture<Optional<MonitorDefinition>>> restoring = new ArrayList<>();
        definitions.replaceAll((monitorId, definition) -> {
            if (definition.isCompletedExceptionally() || definition.resultNow().isPresent()) {
                return definition;
            }
            CompletableFuture<Optional<MonitorDefinition>> lookup = fromDatabase(monitorId);
            restoring.add(lookup);
            return lookup;
        });
        awaitLookups(restoring);
        return definitions;
    }

    /** Waits at most {@link #LOOKUP_WAIT} in all for these lookups; one not done by then is cancelled. */
    private static void awaitLookups(Collection<CompletableFuture<Optional<MonitorDefinition>>> lookups) {
        long deadline = System.nanoTime() + LOOKUP_WAIT.toNanos();
        for (CompletableFuture<Optional<MonitorDefinition>> lookup : lookups) {
            try {
                lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                lookup.cancel(true);
            } catch (ExecutionException e) {
                // kept in the future: that monitor's results are left for later
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while looking up monitors in PostgreSQL", e);
            }
        }
    }

    /**
     * The monitor as PostgreSQL has it, restored into Redis with its status. The caller waits at most
     * {@link #LOOKUP_WAIT}: a stalled database leaves this monitor's results unhandled (streamed ones stay pending and
     * are retried) instead of holding up every other monitor's results.
     */
    private CompletableFuture<Optional<MonitorDefinition>> fromDatabase(long monitorId) {
        return CompletableFuture.supplyAsync(() -> missing.restore(monitorId), lookups);
    }

    /** Why a future failed, said for the operator reading the stream's warning. */
    private static RuntimeException failure(CompletableFuture<?> future) {
        if (future.isCancelled()) {
            return new IllegalStateException("PostgreSQL did not answer within " + LOOKUP_WAIT.toMillis()
                    + " ms whether the monitor exists; the result is left for later");
        }
        Throwable cause = future.exceptionNow();
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause.toString(), cause);
    }
}
