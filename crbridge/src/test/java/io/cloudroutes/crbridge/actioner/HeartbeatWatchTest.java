package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.bridge.RebuildAccess;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Limit;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Heartbeat monitors in the actioner against real PostgreSQL and Redis, with pings appended to the durable results
 * stream as crweb appends them, and a clock the test moves: a monitor fails exactly when period plus grace have passed
 * without a ping.
 */
@SpringBootTest(classes = {CrbridgeApplication.class, ActionerInfrastructure.MovableClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "logging.level.io.cloudroutes=DEBUG"})
class HeartbeatWatchTest {

    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    static ActionerInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = ActionerInfrastructure.start(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @Autowired ActionerInfrastructure.TestClock clock;
    @Autowired HeartbeatWatch watch;
    @Autowired UserAccountRepository users;
    @Autowired MonitorRepository monitors;
    @Autowired OutboxRepository outbox;
    @Autowired MonitorEventRepository events;
    @Autowired StatefulRedisConnection<String, String> connection;
    RedisCommands<String, String> redis;
    UserAccount owner;

    @BeforeEach
    void anOwnerAndTheClockAtT() {
        redis = connection.sync();
        owner = users.save(new UserAccount("cron-" + UUID.randomUUID() + "@example.com", "x"));
        clock.set(T);
    }

    private Monitor heartbeat(Map<String, String> settings, int failThreshold) {
        Monitor monitor = new Monitor(owner.getId(), "nightly backup", "heartbeat");
        monitor.setSettings(settings);
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(failThreshold);
        monitor.setRecoverThreshold(1);
        monitor = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(monitor.getId()));
        long id = monitor.getId();
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(id)) == 1);
        return monitor;
    }

    private Monitor hourly() {
        return heartbeat(Map.of("schedule", "period", "periodSeconds", "3600", "graceSeconds", "300"), 1);
    }

    /** Appends a ping result to the durable stream, as crweb does, and waits until the actioner handled it. */
    private void ping(Monitor monitor, Status status, String reason, Instant at) {
        long before = redis.llen(RedisKeys.recent(monitor.getId()));
        CheckResult result = new CheckResult(UUID.randomUUID().toString(), monitor.getId(), status, reason, 0,
                "heartbeat", "ping", at.toEpochMilli());
        redis.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, MessageCodec.toJson(result)));
        // folded, and acknowledged: the actioner is done with it, deadline included; and its decision is in PostgreSQL
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.llen(RedisKeys.recent(monitor.getId())) > before
                && redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP).getCount() == 0
                && redis.zcard(RedisKeys.DECISIONS_PENDING) == 0);
    }

    private Double deadline(Monitor monitor) {
        return redis.zscore(RedisKeys.HEARTBEAT_DEADLINES, String.valueOf(monitor.getId()));
    }

    private String status(Monitor monitor) {
        return redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS);
    }

    private List<MonitorEvent> events(Monitor monitor) {
        return events.findByMonitorIdOrderByOccurredAtDescIdDesc(monitor.getId(), Limit.of(50)).reversed();
    }

    private List<String> transitions(Monitor monitor) {
        return events(monitor).stream().map(e -> e.getFromStatus() + "->" + e.getToStatus()).toList();
    }

    /**
     * Waits until the monitor has changed to {@code expected} and that change is recorded: the watch's own thread may
     * have claimed the deadline first and still be folding it, and the event is written after the fold.
     */
    private void awaitStatus(Monitor monitor, String expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> expected.equals(status(monitor))
                && !events(monitor).isEmpty() && expected.equals(events(monitor).getLast().getToStatus().name()));
    }

    /** Moves the clock and has the watch judge the deadlines at that time (its own thread may do so too). */
    private void at(Instant now) {
        clock.set(now);
        watch.expireDue();
    }

    @Test
    void failsExactlyWhenPeriodPlusGraceHavePassedWithoutAPingAndRecoversOnTheNextPing() {
        Monitor monitor = hourly();
        ping(monitor, Status.HEALTHY, "ping received", T);
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        Instant due = T.plus(Duration.ofMinutes(65));
        assertThat(deadline(monitor)).isEqualTo((double) due.toEpochMilli());

        at(due.minusMillis(1));
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(deadline(monitor)).isEqualTo((double) due.toEpochMilli());

        clock.set(due);
        awaitStatus(monitor, "FAILED"); // the watch's own thread, ticking every second, notices
        at(due.plusSeconds(3600));
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        MonitorEvent failed = events(monitor).get(1);
        assertThat(failed.getReason()).isEqualTo(
                "no ping since 2026-11-25T10:00:00Z; expected by 2026-11-25T11:05:00Z (period 1 h + grace 5 min)");
        assertThat(failed.getOccurredAt()).isEqualTo(due);
        assertThat(deadline(monitor)).isNull();

        Instant late = T.plus(Duration.ofHours(2));
        ping(monitor, Status.HEALTHY, "ping received", late);
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED", "FAILED->HEALTHY");
        assertThat(deadline(monitor)).isEqualTo((double) late.plus(Duration.ofMinutes(65)).toEpochMilli());
    }

    @Test
    void aPingAcceptedBeforeTheDeadlineButNotFoldedYetDoesNotFailTheMonitor() {
        Monitor monitor = hourly();
        ping(monitor, Status.HEALTHY, "ping received", T);
        Instant due = T.plus(Duration.ofMinutes(65));
        // crweb accepted the next ping just before the deadline; the actioner has not read it from the stream yet
        // (a backlog after a restart). crweb writes the ping's time with its result.
        Instant accepted = due.minusSeconds(10);
        redis.set(RedisKeys.heartbeatLastPing(monitor.getId()), String.valueOf(accepted.toEpochMilli()));

        at(due);
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY");
        assertThat(deadline(monitor)).isEqualTo((double) accepted.plus(Duration.ofMinutes(65)).toEpochMilli());

        // that ping never arrives after all: the monitor fails at its own deadline
        at(accepted.plus(Duration.ofMinutes(65)));
        awaitStatus(monitor, "FAILED");
    }

    @Test
    void aCronScheduleFailsGraceAfterTheMissedRunInItsZone() {
        Monitor monitor = heartbeat(Map.of("schedule", "cron", "cronExpression", "0 2 * * *",
                "timeZone", "Europe/Berlin", "graceSeconds", "3600"), 1);
        Instant ping = Instant.parse("2026-11-25T01:04:00Z"); // 02:04 in Berlin: the run of the 25th has pinged
        ping(monitor, Status.HEALTHY, "ping received", ping);
        Instant due = Instant.parse("2026-11-26T02:00:00Z"); // the run of the 26th at 01:00 UTC, plus an hour
        assertThat(deadline(monitor)).isEqualTo((double) due.toEpochMilli());

        at(due.minusMillis(1));
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        at(due);
        awaitStatus(monitor, "FAILED");
        assertThat(events(monitor).getLast().getReason()).isEqualTo("no ping since 2026-11-25T01:04:00Z; expected by "
                + "2026-11-26T02:00:00Z (cron '0 2 * * *' Europe/Berlin + grace 1 h)");
    }

    @Test
    void aFailurePingFailsTheMonitorAtOnceAndLeavesNoDeadline() {
        Monitor monitor = hourly();
        ping(monitor, Status.HEALTHY, "ping received", T);
        ping(monitor, Status.FAILED, "exit code 3: disk full", T.plusSeconds(60));
        assertThat(status(monitor)).isEqualTo("FAILED");
        assertThat(events(monitor).getLast().getReason()).isEqualTo("exit code 3: disk full");
        assertThat(deadline(monitor)).isNull();
    }

    @Test
    void withAThresholdOfTwoEachMissedPingCountsOnce() {
        Monitor monitor = heartbeat(Map.of("schedule", "period", "periodSeconds", "3600", "graceSeconds", "300"), 2);
        ping(monitor, Status.HEALTHY, "ping received", T);
        Instant first = T.plus(Duration.ofMinutes(65));

        at(first);
        Instant second = first.plus(Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> Double.valueOf(second.toEpochMilli()).equals(deadline(monitor)));
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY");

        at(second.minusMillis(1));
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        at(second);
        awaitStatus(monitor, "FAILED");
        assertThat(events(monitor).getLast().getReason()).isEqualTo(
                "no ping since 2026-11-25T10:00:00Z; expected by 2026-11-25T12:05:00Z (period 1 h + grace 5 min)");
    }

    @Test
    void aNewMonitorThatNeverPingedStaysUnknown() {
        Monitor monitor = hourly();
        at(T.plus(Duration.ofDays(30)));
        assertThat(status(monitor)).isNull();
        assertThat(deadline(monitor)).isNull();
        assertThat(transitions(monitor)).isEmpty();
    }

    @Test
    void theDeadlineOfADeletedOrPausedMonitorIsDroppedWithoutAResult() {
        redis.zadd(RedisKeys.HEARTBEAT_DEADLINES, T.toEpochMilli(), "987654321");
        Monitor paused = hourly();
        ping(paused, Status.HEALTHY, "ping received", T);
        paused.setEnabled(false);
        monitors.save(paused);
        outbox.save(OutboxEntry.upsert(paused.getId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.hget(RedisKeys.monitor(paused.getId()),
                RedisKeys.MONITOR_DEFINITION_FIELD).contains("\"enabled\":false"));

        at(T.plus(Duration.ofMinutes(65)));
        assertThat(redis.zscore(RedisKeys.HEARTBEAT_DEADLINES, "987654321")).isNull();
        assertThat(deadline(paused)).isNull();
        // the watch's own thread may have claimed it: whoever did, the monitor keeps its status
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> "HEALTHY".equals(status(paused)));
        assertThat(transitions(paused)).containsExactly("UNKNOWN->HEALTHY");
    }

    @Test
    void afterRedisLostItsDataARebuildGivesAHealthyHeartbeatAFullScheduleFromNow(@Autowired RebuildAccess rebuild) {
        Monitor pinged = hourly();
        ping(pinged, Status.HEALTHY, "ping received", T);
        Monitor failed = hourly();
        ping(failed, Status.FAILED, "ping reported failure", T);
        Monitor silent = hourly();
        infrastructure.flushRedis();

        Instant now = T.plus(Duration.ofMinutes(30));
        clock.set(now);
        rebuild.run();

        assertThat(deadline(pinged)).isEqualTo((double) now.plus(Duration.ofMinutes(65)).toEpochMilli());
        assertThat(deadline(failed)).isNull();
        assertThat(deadline(silent)).isNull();
        at(now.plus(Duration.ofMinutes(65)));
        awaitStatus(pinged, "FAILED");
        assertThat(events(pinged).getLast().getReason())
                .isEqualTo("no ping; expected by 2026-11-25T11:35:00Z (period 1 h + grace 5 min)");
    }
}
