package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MonitorDefinition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
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
 * live status.
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
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final Counter folded;
    private final Counter duplicates;
    private final MeterRegistry meters;

    ResultProcessor(StateFolder folder, DecisionLedger ledger, HeartbeatDeadlines deadlines,
            MissingMonitors missing, MeterRegistry meters) {
        this.folder = folder;
        this.ledger = ledger;
        this.missing = missing;
        this.deadlines = deadlines;
        this.folded = meters.counter("cloudroutes.actioner.results", "outcome", "folded");
        this.duplicates = meters.counter("cloudroutes.actioner.results", "outcome", "duplicate");
        this.meters = meters;
    }

    void process(CheckResult result) {
        Optional<MonitorDefinition> definition = folder.definition(result.monitorId());
        if (definition.isEmpty()) {
            // Not in Redis: a webhook accepted while crbridge was down can be read from the stream before the bridge's
            // first rebuild wrote its monitor, and after Redis lost its data results come before the rebuild reaches
            // their monitors. PostgreSQL decides whether the monitor still exists, and gives its status back first.
            definition = fromDatabase(result.monitorId());
        }
        if (definition.isEmpty()) {
            log.debug("dropping result of a deleted monitor monitor={}", result.monitorId());
            return;
        }
        Optional<Fold> fold = folder.fold(result, definition.get());
        deadlines.afterFold(result, definition.get(), fold);
        if (fold.isEmpty()) {
            duplicates.increment();
            return;
        }
        Fold state = fold.get();
        if (state.transitioned()) {
            // three statuses: at most nine series, and the on-call sees failures and recoveries apart
            meters.counter("cloudroutes.actioner.transitions", "from", state.previous().name(), "to",
                    state.current().name()).increment();
            log.info("monitor transition monitor={} name=\"{}\" from={} to={} reason=\"{}\" zone={}",
                    result.monitorId(), definition.get().name(), state.previous(), state.current(), result.reason(),
                    result.zone());
        }
        if (state.counted()) {
            ledger.wake();
        }
        folded.increment();
    }

    /**
     * The monitor as PostgreSQL has it, restored into Redis with its status, waiting at most {@link #LOOKUP_WAIT}: a
     * stalled database leaves this result unhandled (a streamed one stays pending and is retried) instead of holding
     * up every other monitor's results.
     */
    private Optional<MonitorDefinition> fromDatabase(long monitorId) {
        CompletableFuture<Optional<MonitorDefinition>> lookup = CompletableFuture.supplyAsync(
                () -> missing.restore(monitorId), lookups);
        try {
            return lookup.get(LOOKUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new IllegalStateException("PostgreSQL did not answer within " + LOOKUP_WAIT.toMillis()
                    + " ms whether monitor " + monitorId + " exists; the result is left for later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up monitor " + monitorId, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot look up monitor " + monitorId + ": " + e.getCause(), e.getCause());
        }
    }
}
