package io.cloudroutes.crbridge.retention;

import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes history older than the retention period once a day (first a minute after start): events, reaction runs,
 * finished reaction jobs and attempts, and, after their own period, teams' audit log entries. In batches, each its own short transaction, so that the tables stay usable; by
 * one actioner at a time (a PostgreSQL advisory lock), the others skip the round.
 */
@Component
class RetentionCleaner {

    private static final Logger log = LoggerFactory.getLogger(RetentionCleaner.class);
    private static final int BATCH = 1_000;
    /** The advisory lock's key: one number for "retention clean-up", shared by every actioner. */
    private static final long LOCK = 0x43520001L;
    /** Each table with the statement deleting one batch of its rows older than the cut-off, children first. */
    private static final Map<String, String> DELETIONS = deletions();

    private final DataSource dataSource;
    private final int days;
    private final int auditDays;
    private final MeterRegistry meters;

    RetentionCleaner(DataSource dataSource, CrbridgeProperties properties, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.days = properties.retention().days();
        this.auditDays = properties.retention().auditDays();
        this.meters = meters;
    }

    private static Map<String, String> deletions() {
        Map<String, String> deletions = new LinkedHashMap<>();
        deletions.put(
                "reaction_attempts",
                "delete from reaction_attempts where id in (select id from reaction_attempts "
                        + "where started_at < ? limit " + BATCH + ")");
        deletions.put(
                "reaction_jobs",
                "delete from reaction_jobs where id in (select id from reaction_jobs " + "where finished_at < ? limit "
                        + BATCH + ")");
        deletions.put(
                "reaction_runs",
                "delete from reaction_runs where id in (select id from reaction_runs " + "where started_at < ? limit "
                        + BATCH + ")");
        deletions.put(
                "audit_events",
                "delete from audit_events where id in (select id from audit_events where occurred_at < ? " + "limit "
                        + BATCH + ")");
        deletions.put(
                "events",
                "delete from events where id in (select id from events where occurred_at < ? " + "limit " + BATCH
                        + ")");
        return deletions;
    }

    /**
     * Deletes everything older than the retention period, unless another actioner is doing it now. Returns how many
     * rows went from each table (empty when another actioner holds the lock).
     */
    Map<String, Long> cleanUp() throws SQLException {
        Instant cutOff = Instant.now().minus(Duration.ofDays(days));
        Instant auditCutOff = Instant.now().minus(Duration.ofDays(auditDays));
        Map<String, Long> deleted = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!lock(connection, "select pg_try_advisory_lock(?)")) {
                log.debug("retention clean-up skipped, another actioner is doing it");
                return deleted;
            }
            try {
                for (Map.Entry<String, String> deletion : DELETIONS.entrySet()) {
                    long total = 0;
                    try (PreparedStatement statement = connection.prepareStatement(deletion.getValue())) {
                        statement.setTimestamp(
                                1, Timestamp.from(deletion.getKey().equals("audit_events") ? auditCutOff : cutOff));
                        int batch;
                        do {
                            batch = statement.executeUpdate();
                            total += batch;
                        } while (batch == BATCH);
                    }
                    deleted.put(deletion.getKey(), total);
                    meters.counter("cloudroutes.retention.deleted", "table", deletion.getKey())
                            .increment(total);
                }
            } finally {
                lock(connection, "select pg_advisory_unlock(?)");
            }
        }
        log.info("retention clean-up done olderThanDays={} auditOlderThanDays={} deleted={}", days, auditDays, deleted);
        return deleted;
    }

    private static boolean lock(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, LOCK);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** Once a day, the first a minute after start (by crbridge's scheduler). */
    @Scheduled(initialDelay = 60, fixedDelay = 24 * 60 * 60, timeUnit = TimeUnit.SECONDS)
    void tick() {
        try {
            cleanUp();
        } catch (SQLException | RuntimeException e) {
            log.warn("retention clean-up failed, trying again tomorrow error={}", e.toString());
        }
    }
}
