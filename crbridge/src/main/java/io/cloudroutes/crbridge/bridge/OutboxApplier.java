package io.cloudroutes.crbridge.bridge;

import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the outbox to Redis, oldest entry first, and deletes what it applied in the same transaction. When Redis
 * fails the transaction rolls back and the entries are tried again on the next poll: nothing committed is lost.
 * Several bridges may run; {@code SKIP LOCKED} gives each its own entries.
 */
@Component
class OutboxApplier implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxApplier.class);
    private static final int BATCH = 500;

    private final OutboxRepository outbox;
    private final MonitorRepository monitors;
    private final RedisMonitorWriter writer;
    private final TransactionTemplate transactions;
    private final CrbridgeProperties properties;
    private final Rebuilder rebuilder;
    private final RedisLossWatch lossWatch;
    private ScheduledExecutorService executor;
    private boolean failing;

    OutboxApplier(
            OutboxRepository outbox,
            MonitorRepository monitors,
            RedisMonitorWriter writer,
            TransactionTemplate transactions,
            CrbridgeProperties properties,
            Rebuilder rebuilder,
            RedisLossWatch lossWatch) {
        this.outbox = outbox;
        this.monitors = monitors;
        this.writer = writer;
        this.transactions = transactions;
        this.properties = properties;
        this.rebuilder = rebuilder;
        this.lossWatch = lossWatch;
    }

    /**
     * Applies one batch; returns how many entries it applied. Each entry says "make Redis hold what PostgreSQL holds of
     * this monitor now", so a monitor named several times in the batch is written once, as its last entry says; the
     * monitors to write are read in one query and written in one pipelined round of Redis commands.
     */
    int applyBatch() {
        Integer applied = transactions.execute(status -> {
            List<OutboxEntry> batch = outbox.lockOldest(Limit.of(BATCH));
            Map<Long, OutboxEntry.Operation> last = new LinkedHashMap<>();
            batch.forEach(entry -> last.put(entry.getMonitorId(), entry.getOperation()));
            Set<Long> toWrite = new LinkedHashSet<>();
            last.forEach((id, operation) -> {
                if (operation != OutboxEntry.Operation.DELETE) {
                    toWrite.add(id);
                }
            });
            List<Monitor> found = toWrite.isEmpty() ? List.of() : monitors.findAllWithReactions(toWrite);
            Set<Long> gone = new LinkedHashSet<>(last.keySet());
            found.forEach(monitor -> gone.remove(monitor.getId()));
            // deleted, or gone from PostgreSQL since the entry was written
            gone.forEach(writer::delete);
            writer.upsertAll(found);
            outbox.deleteAllInBatch(batch);
            return batch.size();
        });
        return applied == null ? 0 : applied;
    }

    private void poll() {
        try {
            while (applyBatch() == BATCH) {
                // a backlog: keep going without waiting for the next poll
            }
            if (failing) {
                log.info("outbox applies again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn(
                        "cannot apply the outbox, retrying every {} ms error={}",
                        properties.bridge().pollInterval().toMillis(),
                        e.toString());
                failing = true;
            }
        }
    }

    private void rebuild() {
        try {
            rebuilder.rebuild();
        } catch (RuntimeException e) {
            log.warn("scheduled rebuild failed, will retry error={}", e.toString());
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("crbridge-outbox").factory());
        // Rebuild first, then follow the outbox and watch for a Redis that lost its data; all on one thread so they
        // never interleave.
        executor.execute(this::rebuild);
        executor.scheduleWithFixedDelay(
                this::poll, 0, properties.bridge().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        long rebuildMillis = properties.bridge().rebuildInterval().toMillis();
        executor.scheduleWithFixedDelay(this::rebuild, rebuildMillis, rebuildMillis, TimeUnit.MILLISECONDS);
        long lossCheckMillis = properties.bridge().lossCheckInterval().toMillis();
        executor.scheduleWithFixedDelay(lossWatch::check, lossCheckMillis, lossCheckMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
