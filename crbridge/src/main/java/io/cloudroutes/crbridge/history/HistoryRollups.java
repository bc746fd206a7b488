package io.cloudroutes.crbridge.history;

import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.store.history.ResultBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Once a minute, by one actioner at a time (a PostgreSQL advisory lock; the others skip the round): recomputes the
 * per-minute and per-hour roll-ups of the recent past from the raw check results, so that a result that came late is
 * in them after the next round (an upsert: a round done twice changes nothing); makes the raw table's day partitions
 * ahead; drops raw partitions past their retention whole and deletes roll-ups past theirs.
 */
@Component
class HistoryRollups {

    private static final Logger log = LoggerFactory.getLogger(HistoryRollups.class);
    /** The advisory lock's key: "history roll-ups", shared by every actioner (retention clean-up is 0x43520001). */
    private static final long LOCK = 0x43520002L;
    /** A result up to this late is in its minute's and hour's roll-up; later ones stay in the raw rows only. */
    static final Duration LATE = ResultBuckets.LATE;
    /** How far back a round after an outage of every actioner rolls up; older minutes keep only their raw results. */
    static final Duration CATCH_UP = Duration.ofHours(6);
    /** Day partitions made ahead of today, so that a job that does not run for a while loses no results. */
    static final int DAYS_AHEAD = 3;

    private static final String ROLL_UP = "insert into %s (monitor_id, bucket, checks, failures, latency_min,"
            + " latency_avg, latency_p95, latency_max) "
            + ResultBuckets.SELECT.formatted("")
            + """
            on conflict (monitor_id, bucket) do update set checks = excluded.checks, failures = excluded.failures,
                latency_min = excluded.latency_min, latency_avg = excluded.latency_avg,
                latency_p95 = excluded.latency_p95, latency_max = excluded.latency_max
            """;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CrbridgeProperties.Retention retention;
    private final MeterRegistry meters;

    HistoryRollups(JdbcTemplate jdbc, Clock clock, CrbridgeProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = properties.retention();
        this.meters = meters;
    }

    /** What one round did. */
    record Round(int minutes, int hours, int partitionsMade, int partitionsDropped, int rollupsDeleted) {}

    /**
     * Does one round as of {@code now}, unless another actioner is doing one; empty then. The roll-ups cover the
     * minutes from {@link #LATE} before {@code now} (further back after an outage, see {@link #since}), and the hours
     * those minutes fall in, up to {@code now}.
     */
    Optional<Round> runAt(Instant now) {
        return jdbc.execute((ConnectionCallback<Optional<Round>>) connection -> {
            connection.setAutoCommit(true);
            JdbcTemplate sql = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            Boolean locked = sql.queryForObject("select pg_try_advisory_lock(?)", Boolean.class, LOCK);
            if (!Boolean.TRUE.equals(locked)) {
                log.debug("history roll-ups skipped, another actioner is doing them");
                return Optional.empty();
            }
            try {
                return Optional.of(round(sql, now));
            } finally {
                sql.queryForObject("select pg_advisory_unlock(?)", Boolean.class, LOCK);
            }
        });
    }

    private Round round(JdbcTemplate sql, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Integer made =
                sql.queryForObject("select check_results_add_partitions(?, ?)", Integer.class, today, DAYS_AHEAD + 1);
        Instant since = since(sql, now);
        Instant firstMinute = since.truncatedTo(ChronoUnit.MINUTES);
        Instant firstHour = since.truncatedTo(ChronoUnit.HOURS);
        int minutes = sql.update(
                ROLL_UP.formatted("check_rollups_minute"),
                "1 minute",
                Timestamp.from(firstMinute),
                Timestamp.from(now));
        int hours = sql.update(
                ROLL_UP.formatted("check_rollups_hour"), "1 hour", Timestamp.from(firstHour), Timestamp.from(now));
        // a raw partition goes once its whole day is older than the retention
        Integer dropped = sql.queryForObject(
                "select check_results_drop_partitions(?)",
                Integer.class,
                LocalDate.ofInstant(now.minus(Duration.ofDays(retention.rawResultsDays())), ZoneOffset.UTC));
        int deleted = sql.update(
                        "delete from check_rollups_minute where bucket < ?",
                        Timestamp.from(now.minus(Duration.ofDays(retention.minuteRollupDays()))))
                + sql.update(
                        "delete from check_rollups_hour where bucket < ?",
                        Timestamp.from(now.minus(Duration.ofDays(retention.days()))));
        meters.counter("cloudroutes.history.partitions", "change", "made").increment(made);
        meters.counter("cloudroutes.history.partitions", "change", "dropped").increment(dropped);
        if (made > 0 || dropped > 0) {
            log.info(
                    "check history partitions made={} dropped={} rawResultsDays={}",
                    made,
                    dropped,
                    retention.rawResultsDays());
        }
        return new Round(minutes, hours, made, dropped, deleted);
    }

    /**
     * Where this round's roll-ups start: {@link #LATE} ago, or earlier when no round ran since (every actioner was
     * down): from the newest minute rolled up, at most {@link #CATCH_UP} ago, so that one round after an outage stays
     * a bounded amount of work.
     */
    private static Instant since(JdbcTemplate sql, Instant now) {
        Instant recent = now.minus(LATE);
        Timestamp newest = sql.queryForObject("select max(bucket) from check_rollups_minute", Timestamp.class);
        if (newest == null || !newest.toInstant().isBefore(recent)) {
            return recent;
        }
        Instant earliest = now.minus(CATCH_UP);
        return newest.toInstant().isBefore(earliest) ? earliest : newest.toInstant();
    }

    /** Every minute (by crbridge's scheduler), the first shortly after start. */
    @Scheduled(initialDelay = 5, fixedDelay = 60, timeUnit = TimeUnit.SECONDS)
    void tick() {
        try {
            runAt(clock.instant());
        } catch (RuntimeException e) {
            log.warn("history roll-ups failed, trying again in a minute error={}", e.toString());
        }
    }
}
