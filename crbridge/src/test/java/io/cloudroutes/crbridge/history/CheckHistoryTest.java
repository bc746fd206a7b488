package io.cloudroutes.crbridge.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.actioner.ActionerInfrastructure;
import io.cloudroutes.store.TestDatabase;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Check history against real PostgreSQL and Redis: folded results are written once, off the fold's path, and counted
 * when they cannot be; the roll-up job's arithmetic, late results, and retention by partition. The actioner's clock
 * stands at {@link #NOW}, so that its own every-minute round does what the test's round does.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.config.name=crbridge",
            "cloudroutes.history.queue-capacity=3",
            "cloudroutes.retention.raw-results-days=7",
            "cloudroutes.retention.minute-rollup-days=30",
            "cloudroutes.retention.days=400"
        })
@Import(CheckHistoryTest.StoppedClock.class)
@DirtiesContext
class CheckHistoryTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class StoppedClock {
        @Bean
        @Primary
        Clock stoppedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    static ActionerInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = ActionerInfrastructure.start(registry);
    }

    @Autowired
    HistoryRollups rollups;

    @Autowired
    JdbcTemplate sql;

    @Autowired
    UserAccountRepository users;

    @Autowired
    TeamRepository teams;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    long monitorId;

    @BeforeEach
    void aMonitor() {
        redis = connection.sync();
        UserAccount owner = users.save(new UserAccount("history-" + UUID.randomUUID() + "@example.com", "x"));
        Monitor monitor = new Monitor(teams.personalTeamIdOf(owner.getId()), owner.getId(), "checkout", "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(1);
        monitor.setRecoverThreshold(1);
        monitorId = monitors.save(monitor).getId();
        outbox.save(OutboxEntry.upsert(monitorId));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(monitorId)) == 1);
        sql.queryForObject(
                "select check_results_add_partitions(?, 1)", Integer.class, LocalDate.ofInstant(NOW, ZoneOffset.UTC));
    }

    private CheckResult pushed(Status status, Instant at) {
        return CheckResult.pushed(
                "webhook", monitorId, ResultIds.newDelivery(), status, "reported " + status, at.toEpochMilli());
    }

    private int rawRows() {
        return sql.queryForObject("select count(*) from check_results where monitor_id = ?", Integer.class, monitorId);
    }

    private void raw(Instant at, String status, int latency) {
        sql.update(
                "insert into check_results (monitor_id, checked_at, status, latency_ms, zone, reason) "
                        + "values (?, ?, ?, ?, 'eu-west', 'test')",
                monitorId,
                Timestamp.from(at),
                status,
                latency);
    }

    private Map<String, Object> rollup(String table, Instant bucket) {
        return sql.queryForMap(
                "select checks, failures, latency_min, latency_avg, latency_p95, latency_max from " + table
                        + " where monitor_id = ? and bucket = ?",
                monitorId,
                Timestamp.from(bucket));
    }

    private HistoryRollups.Round roundAt(Instant now) {
        // the actioner's own round may hold the lock a moment: the next try gets it
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> rollups.runAt(now).orElse(null), r -> r != null);
    }

    private double dropped() {
        return meters.find("cloudroutes.history.results.dropped").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Test
    void foldedResultsAreWrittenOnceAndARedeliveryIsNot() {
        CheckResult first = pushed(Status.HEALTHY, NOW.minusSeconds(30));
        ActionerInfrastructure.appendAndAwaitFolded(redis, first);
        ActionerInfrastructure.appendAndAwaitFolded(redis, first); // the sender retries: a duplicate
        ActionerInfrastructure.appendAndAwaitFolded(redis, pushed(Status.FAILED, NOW.minusSeconds(20)));

        // written in order: once the last is there, a written duplicate would be too
        await().atMost(Duration.ofSeconds(10)).until(() -> rawRows() >= 2);
        assertThat(sql.queryForList(
                        "select status from check_results where monitor_id = ? order by checked_at",
                        String.class,
                        monitorId))
                .containsExactly("HEALTHY", "FAILED");
        assertThat(sql.queryForObject(
                        "select reason from check_results where monitor_id = ? and status = 'FAILED'",
                        String.class,
                        monitorId))
                .isEqualTo("reported FAILED");
    }

    @Test
    void whileTheDatabaseRefusesTheActionerResultsFoldAtOnceAndWhatDoesNotFitIsCountedNotWaitedFor()
            throws SQLException {
        ActionerInfrastructure.appendAndAwaitHandled(redis, pushed(Status.HEALTHY, NOW.minusSeconds(60)));
        await().atMost(Duration.ofSeconds(10)).until(() -> rawRows() == 1);
        double droppedBefore = dropped();
        int results = 10;
        try (Connection superuser = infrastructure.superuser();
                Statement admin = superuser.createStatement()) {
            String app = TestDatabase.APP.username();
            admin.execute("alter role \"" + app + "\" nologin");
            admin.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + app + "'");
            try {
                for (int i = 0; i < results; i++) {
                    Status status = i % 2 == 0 ? Status.FAILED : Status.HEALTHY;
                    ActionerInfrastructure.appendAndAwaitFolded(redis, pushed(status, NOW.minusSeconds(50 - i)));
                    assertThat(redis.hget(RedisKeys.state(monitorId), RedisKeys.StateField.STATUS))
                            .isEqualTo(status.name());
                }
                // at most the queue's three and the batch in hand wait; the rest is counted, the fold never waited
                assertThat(dropped() - droppedBefore).isGreaterThanOrEqualTo(1);
            } finally {
                admin.execute("alter role \"" + app + "\" login");
            }
        }

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> rawRows() + (int) (dropped() - droppedBefore) == 1 + results);
        assertThat(rawRows()).isBetween(2, 1 + results - 1);
    }

    @Test
    void anAbstainingResultIsKeptWithItsFoldTimeForReplayButCountedInNoRollUp() {
        Instant minute = NOW.minus(Duration.ofMinutes(12)); // 09:48
        ActionerInfrastructure.appendAndAwaitFolded(
                redis,
                CheckResult.abstained(
                        ResultIds.newJob(),
                        monitorId,
                        "us",
                        "worker-us",
                        Status.FAILED,
                        "this zone cannot reach its canary (timeout)",
                        900,
                        minute.plusSeconds(1).toEpochMilli()));
        raw(minute.plusSeconds(2), "HEALTHY", 30);
        await().atMost(Duration.ofSeconds(10)).until(() -> rawRows() == 2);
        assertThat(sql.queryForMap(
                        "select abstaining, result_id is not null as named, folded_at is not null as folded "
                                + "from check_results where monitor_id = ? and zone = 'us'",
                        monitorId))
                .containsEntry("abstaining", true)
                .containsEntry("named", true)
                .containsEntry("folded", true);

        roundAt(NOW);

        Map<String, Object> rolled = rollup("check_rollups_minute", minute);
        assertThat(rolled.get("checks")).isEqualTo(1);
        assertThat(rolled.get("failures")).isEqualTo(0);
        assertThat(rolled.get("latency_max")).isEqualTo(30);
    }

    @Test
    void minuteAndHourRollUpsCountFailuresAndLatenciesOfTheRawRows() {
        Instant minute = NOW.minus(Duration.ofMinutes(10)); // 09:50
        // latencies 10, 20, ... 200 in one minute, every fourth failed
        for (int i = 1; i <= 20; i++) {
            raw(minute.plusSeconds(i), i % 4 == 0 ? "FAILED" : "HEALTHY", i * 10);
        }
        raw(NOW.minus(Duration.ofMinutes(5)), "FAILED", 1000); // 09:55, the same hour

        HistoryRollups.Round round = roundAt(NOW);

        assertThat(round.minutes()).isGreaterThanOrEqualTo(2);
        Map<String, Object> first = rollup("check_rollups_minute", minute);
        assertThat(first.get("checks")).isEqualTo(20);
        assertThat(first.get("failures")).isEqualTo(5);
        assertThat(first.get("latency_min")).isEqualTo(10);
        assertThat(first.get("latency_max")).isEqualTo(200);
        assertThat((Double) first.get("latency_avg")).isCloseTo(105.0, within(1e-9));
        // percentile_cont: 0.95 of the way through 20 sorted values, between the 19th (190) and 20th (200)
        assertThat((Double) first.get("latency_p95")).isCloseTo(190.5, within(1e-9));

        Map<String, Object> hour = rollup("check_rollups_hour", Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(hour.get("checks")).isEqualTo(21);
        assertThat(hour.get("failures")).isEqualTo(6);
        assertThat(hour.get("latency_max")).isEqualTo(1000);
        assertThat((Double) hour.get("latency_avg")).isCloseTo((2100.0 + 1000) / 21, within(1e-9));
        // 21 values: the 95th percentile is at 19.0 of 0..20, exactly the 20th value
        assertThat((Double) hour.get("latency_p95")).isCloseTo(200.0, within(1e-9));
    }

    @Test
    void aLateResultIsInItsMinuteAfterTheNextRound() {
        Instant minute = NOW.minus(Duration.ofMinutes(3));
        raw(minute.plusSeconds(1), "HEALTHY", 40);
        raw(minute.plusSeconds(2), "HEALTHY", 60);
        roundAt(NOW);
        assertThat(rollup("check_rollups_minute", minute).get("checks")).isEqualTo(2);

        raw(minute.plusSeconds(59), "FAILED", 500); // arrives after its minute was rolled up
        roundAt(NOW);
        roundAt(NOW); // a round done again changes nothing

        Map<String, Object> again = rollup("check_rollups_minute", minute);
        assertThat(again.get("checks")).isEqualTo(3);
        assertThat(again.get("failures")).isEqualTo(1);
        assertThat(again.get("latency_max")).isEqualTo(500);
    }

    private List<String> partitions() {
        return sql.queryForList(
                "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                        + "where i.inhparent = 'check_results'::regclass order by c.relname",
                String.class);
    }

    @Test
    void partitionsAreMadeAheadAndRawDaysPastRetentionAreDroppedWholeAndOldRollUpsDeleted() {
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        sql.queryForObject("select check_results_add_partitions(?, 4)", Integer.class, today.minusDays(9));
        raw(NOW.minus(Duration.ofDays(8)), "FAILED", 5);
        for (int daysAgo : new int[] {31, 29}) {
            sql.update(
                    "insert into check_rollups_minute values (?, ?, 1, 0, 1, 1, 1, 1)",
                    monitorId,
                    Timestamp.from(NOW.minus(Duration.ofDays(daysAgo))));
        }
        for (int daysAgo : new int[] {401, 399}) {
            sql.update(
                    "insert into check_rollups_hour values (?, ?, 1, 0, 1, 1, 1, 1)",
                    monitorId,
                    Timestamp.from(NOW.minus(Duration.ofDays(daysAgo))));
        }

        roundAt(NOW);

        // days 2026-11-16 to -17 are wholly older than 7 days and gone; -18 (7 days ago) stays, with the days ahead
        assertThat(partitions())
                .doesNotContain("check_results_20261116", "check_results_20261117")
                .contains(
                        "check_results_20261118",
                        "check_results_20261119",
                        "check_results_20261125",
                        "check_results_20261126",
                        "check_results_20261127",
                        "check_results_20261128");
        assertThat(sql.queryForObject(
                        "select count(*) from check_results where monitor_id = ? and checked_at < ?",
                        Integer.class,
                        monitorId,
                        Timestamp.from(NOW.minus(Duration.ofDays(7)))))
                .isZero();
        assertThat(sql.queryForList(
                        "select bucket from check_rollups_minute where monitor_id = ?", Timestamp.class, monitorId))
                .extracting(Timestamp::toInstant)
                .containsExactly(NOW.minus(Duration.ofDays(29)));
        assertThat(sql.queryForList(
                        "select bucket from check_rollups_hour where monitor_id = ?", Timestamp.class, monitorId))
                .extracting(Timestamp::toInstant)
                .containsExactly(NOW.minus(Duration.ofDays(399)));
    }

    @Test
    void aRoundAfterEveryActionerWasDownCatchesUpSixHoursAtMost() {
        // no round ran for a long time, and nothing came in the last hour
        sql.update("delete from check_rollups_minute");
        sql.update("delete from check_results where checked_at >= ?", Timestamp.from(NOW.minus(Duration.ofHours(1))));
        sql.queryForObject(
                "select check_results_add_partitions(?, 1)",
                Integer.class,
                LocalDate.ofInstant(NOW.minus(Duration.ofDays(1)), ZoneOffset.UTC));
        raw(NOW.minus(Duration.ofDays(1)), "HEALTHY", 7); // the last rolled-up minute, a day ago
        roundAt(NOW.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(1)));
        Instant threeHoursAgo = NOW.minus(Duration.ofHours(3));
        Instant sevenHoursAgo = NOW.minus(Duration.ofHours(7));
        raw(threeHoursAgo, "FAILED", 70);
        raw(sevenHoursAgo, "FAILED", 700);

        roundAt(NOW);

        assertThat(rollup("check_rollups_minute", threeHoursAgo).get("checks")).isEqualTo(1);
        assertThat(sql.queryForObject(
                        "select count(*) from check_rollups_minute where monitor_id = ? and bucket = ?",
                        Integer.class,
                        monitorId,
                        Timestamp.from(sevenHoursAgo)))
                .isZero();
    }
}
