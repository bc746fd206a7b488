package io.cloudroutes.crbridge.history;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps folded check results as history in PostgreSQL: the fold hands each result over ({@link #record}, which never
 * waits) and a thread of its own writes them in JDBC batches. The hand-over is a bounded queue: when it is full (a
 * database that is down longer than the queue lasts, or slower than the results come), the result is not kept, and
 * that is counted ({@code cloudroutes.history.results.dropped}, by why) and logged at most once a minute, never
 * silently. A batch that fails for the database's availability is retried with backoff, holding the queue's place.
 */
@Component
public class CheckHistory implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckHistory.class);
    private static final int BATCH = 1_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);
    /** A stalled database fails the batch after this, and it is tried again. */
    private static final int STATEMENT_TIMEOUT_SECONDS = 10;
    /** Longer reasons are cut: history shows why a check failed, the event keeps the whole text. */
    static final int REASON_LENGTH = 500;

    private static final String INSERT = "insert into check_results (monitor_id, checked_at, status, latency_ms, zone, "
            + "reason, folded_at, result_id, abstaining) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A result and the time its fold took as "now" (Redis' clock), which replay folds it at again. */
    private record Folded(CheckResult result, long foldedAtMillis) {}

    private final BlockingQueue<Folded> queue;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int rawResultsDays;
    private final Counter written;
    private final Counter droppedFull;
    private final Counter droppedRefused;
    private final Counter droppedOld;
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private final Set<LocalDate> partitioned = new HashSet<>();
    private volatile long lastDropLogNanos = System.nanoTime() - LOG_EVERY.toNanos();
    private volatile boolean running;
    private Thread thread;

    CheckHistory(DataSource dataSource, CrbridgeProperties properties, MeterRegistry meters, Clock clock) {
        this.queue = new ArrayBlockingQueue<>(properties.history().queueCapacity());
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        this.clock = clock;
        this.rawResultsDays = properties.retention().rawResultsDays();
        this.written = meters.counter("cloudroutes.history.results.written");
        this.droppedFull = meters.counter("cloudroutes.history.results.dropped", "why", "queue-full");
        this.droppedRefused = meters.counter("cloudroutes.history.results.dropped", "why", "refused");
        this.droppedOld = meters.counter("cloudroutes.history.results.dropped", "why", "too-old");
        Gauge.builder("cloudroutes.history.results.queued", queue, BlockingQueue::size)
                .description("folded results waiting to be written to history")
                .register(meters);
    }

    /**
     * Hands a folded result to history, with its fold's time; returns at once. Abstaining results (the zone could not
     * judge) are kept marked so: uptime and charts leave them out, and a replay needs them to decide as the fold did.
     */
    public void record(CheckResult result, long foldedAtMillis) {
        if (!queue.offer(new Folded(result, foldedAtMillis))) {
            dropped(
                    droppedFull,
                    1,
                    "the queue of results to write is full (PostgreSQL is down or slower than results come)");
        }
    }

    private void dropped(Counter counter, int count, String why) {
        counter.increment(count);
        long total = droppedSinceLog.addAndGet(count);
        long now = System.nanoTime();
        long last = lastDropLogNanos;
        if (now - last >= LOG_EVERY.toNanos() && total > 0) {
            lastDropLogNanos = now;
            log.warn(
                    "check results not kept in history count={} why=\"{}\" (counted in cloudroutes.history.results.dropped; "
                            + "logged at most once a minute)",
                    droppedSinceLog.getAndSet(0),
                    why);
        }
    }

    private void loop() {
        List<Folded> batch = new ArrayList<>(BATCH);
        int failures = 0;
        while (running) {
            try {
                if (batch.isEmpty()) {
                    Folded first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                write(batch);
                if (failures > 0) {
                    log.info("check results are written to history again");
                }
                failures = 0;
                batch.clear();
            } catch (InterruptedException e) {
                break;
            } catch (DataIntegrityViolationException e) {
                // PostgreSQL refuses these rows themselves: trying again would refuse them again
                dropped(droppedRefused, batch.size(), "PostgreSQL refused the rows: " + e.getMostSpecificCause());
                batch.clear();
            } catch (RuntimeException e) {
                // unavailable, stalled or restarting: the batch waits, and the queue holds what comes meanwhile
                failures = backOff(failures, e);
            }
        }
        flushAtStop(batch);
    }

    /** Writes what is left once, at shutdown; what cannot be written then is counted as not kept. */
    private void flushAtStop(List<Folded> batch) {
        Thread.interrupted();
        queue.drainTo(batch);
        if (batch.isEmpty()) {
            return;
        }
        try {
            write(batch);
        } catch (RuntimeException e) {
            dropped(droppedFull, batch.size(), "crbridge stopped before they could be written: " + e);
        }
    }

    private int backOff(int failures, Exception e) {
        if (failures == 0) {
            log.warn(
                    "cannot write check results to history, retrying while they fit in the queue error={}",
                    e.toString());
        }
        LockSupport.parkNanos(
                Math.min(MAX_BACKOFF.toNanos(), Duration.ofMillis(200).toNanos() << Math.min(failures, 10)));
        return failures + 1;
    }

    /** Writes one batch in one statement round trip; results older than the raw retention are not kept. */
    private void write(List<Folded> batch) {
        LocalDate oldest = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(rawResultsDays);
        List<Folded> rows = new ArrayList<>(batch.size());
        for (Folded folded : batch) {
            CheckResult result = folded.result();
            LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(result.checkedAtMillis()), ZoneOffset.UTC);
            if (day.isBefore(oldest)) {
                dropped(droppedOld, 1, "checked before the raw results' retention");
                continue;
            }
            if (!partitioned.contains(day)) {
                jdbc.queryForObject("select check_results_add_partitions(?, 1)", Integer.class, day);
                partitioned.add(day);
            }
            rows.add(folded);
        }
        jdbc.batchUpdate(INSERT, rows, rows.size(), CheckHistory::bind);
        written.increment(rows.size());
    }

    private static void bind(PreparedStatement statement, Folded folded) throws SQLException {
        CheckResult result = folded.result();
        statement.setLong(1, result.monitorId());
        statement.setTimestamp(2, Timestamp.from(Instant.ofEpochMilli(result.checkedAtMillis())));
        statement.setString(3, result.status().name());
        statement.setInt(4, (int) Math.min(Integer.MAX_VALUE, Math.max(0, result.latencyMillis())));
        statement.setString(5, result.zone());
        // PostgreSQL text cannot hold NUL; a reason is for reading
        String reason = result.reason().replace('\u0000', ' ');
        statement.setString(6, reason.length() > REASON_LENGTH ? reason.substring(0, REASON_LENGTH) : reason);
        statement.setTimestamp(7, Timestamp.from(Instant.ofEpochMilli(folded.foldedAtMillis())));
        statement.setString(8, result.resultId());
        statement.setBoolean(9, result.abstaining());
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("crbridge-history").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
