package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisTime;
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
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Limit;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Heartbeat monitors in the actioner against real PostgreSQL and Redis, with pings appended to the durable results
 * stream as crweb appends them: a monitor fails exactly when period plus grace have passed without a ping, by Redis'
 * clock. The actioner's own clock stands a week behind Redis' (and is moved an hour either side of it), as a skewed
 * host's would: it must not matter.
 */
@SpringBootTest(
        classes = {CrbridgeApplication.class, ActionerInfrastructure.MovableClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "logging.level.io.cloudroutes=DEBUG"})
@DirtiesContext
class HeartbeatWatchTest {

    @Autowired
    TeamRepository teamRepository;

    /** Where the actioner's own clock stands: a week and more before Redis' clock. */
    static final Instant SKEWED = Instant.parse("2026-11-25T10:00:00Z");

    static final Duration PERIOD_AND_GRACE = Duration.ofMinutes(65);

    static ActionerInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = ActionerInfrastructure.start(registry);
    }

    @Autowired
    ActionerInfrastructure.TestClock clock;

    @Autowired
    HeartbeatWatch watch;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    UserAccount owner;

    @BeforeEach
    void anOwnerAndASkewedClock() {
        redis = connection.sync();
        owner = users.save(new UserAccount("cron-" + UUID.randomUUID() + "@example.com", "x"));
        clock.set(SKEWED);
    }

    private Monitor heartbeat(Map<String, String> settings, int failThreshold) {
        Monitor monitor = new Monitor(
                teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "nightly backup", "heartbeat");
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

    /** Redis' clock now, to the second (as reasons show times). */
    private Instant redisNow() {
        return RedisTime.of(redis.time()).truncatedTo(ChronoUnit.SECONDS);
    }

    /** A ping time whose deadline (an hourly heartbeat's) comes {@code inSeconds} after Redis' now. */
    private Instant pingDueIn(long inSeconds) {
        return redisNow().minus(PERIOD_AND_GRACE).plusSeconds(inSeconds);
    }

    private void awaitRedisTimePast(Instant instant) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> RedisTime.of(redis.time()).isAfter(instant));
    }

    /** Appends a ping result to the durable stream, as crweb does, and waits until the actioner handled it. */
    private void ping(Monitor monitor, Status status, String reason, Instant at) {
        long before = redis.llen(RedisKeys.recent(monitor.getId()));
        CheckResult result = CheckResult.pinged(monitor.getId(), status, reason, at.toEpochMilli());
        redis.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, MessageCodec.toJson(result)));
        // folded, and acknowledged: the actioner is done with it, deadline included; and its decision is in PostgreSQL
        await().atMost(Duration.ofSeconds(10))
                .until(() -> redis.llen(RedisKeys.recent(monitor.getId())) > before
                        && redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                                        .getCount()
                                == 0
                        && redis.zcard(RedisKeys.DECISIONS_PENDING) == 0);
    }

    private Double deadline(Monitor monitor) {
        return redis.zscore(RedisKeys.HEARTBEAT_DEADLINES, String.valueOf(monitor.getId()));
    }

    private String status(Monitor monitor) {
        return redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS);
    }

    private List<MonitorEvent> events(Monitor monitor) {
        return events.findByMonitorIdOrderByOccurredAtDescIdDesc(monitor.getId(), Limit.of(50))
                .reversed();
    }

    private List<String> transitions(Monitor monitor) {
        return events(monitor).stream()
                .map(e -> e.getFromStatus() + "->" + e.getToStatus())
                .toList();
    }

    /**
     * Waits until the monitor has changed to {@code expected} and that change is recorded: the watch's own thread may
     * have claimed the deadline first and still be folding it, and the event is written after the fold.
     */
    private void awaitStatus(Monitor monitor, String expected) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> expected.equals(status(monitor))
                        && !events(monitor).isEmpty()
                        && expected.equals(
                                events(monitor).getLast().getToStatus().name()));
    }

    @Test
    void failsExactlyWhenPeriodPlusGraceHavePassedWithoutAPingAndRecoversOnTheNextPing() {
        Monitor monitor = hourly();
        Instant pinged = pingDueIn(5);
        ping(monitor, Status.HEALTHY, "ping received", pinged);
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        Instant due = pinged.plus(PERIOD_AND_GRACE);
        assertThat(deadline(monitor)).isEqualTo((double) due.toEpochMilli());

        watch.expireDue();
        assertThat(RedisTime.of(redis.time()))
                .as("the deadline has not passed yet")
                .isBefore(due);
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(deadline(monitor)).isEqualTo((double) due.toEpochMilli());

        awaitStatus(monitor, "FAILED"); // the watch's own thread, ticking every second, notices
        assertThat(RedisTime.of(redis.time())).isAfterOrEqualTo(due);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        MonitorEvent failed = events(monitor).get(1);
        assertThat(failed.getReason())
                .isEqualTo("no ping since " + pinged + "; expected by " + due + " (period 1 h + grace 5 min)");
        assertThat(failed.getOccurredAt()).isEqualTo(due);
        assertThat(deadline(monitor)).isNull();
        // the deadline's result, named by the deadline: any actioner claiming it again would fold it once
        assertThat(MessageCodec.fromJson(redis.lindex(RedisKeys.recent(monitor.getId()), 0), CheckResult.class))
                .isEqualTo(CheckResult.late(monitor.getId(), due.toEpochMilli(), failed.getReason()))
                .satisfies(result -> {
                    assertThat(result.resultId()).isEqualTo("late:" + monitor.getId() + ":" + due.toEpochMilli());
                    assertThat(result.zone()).isEqualTo(ZoneNames.HEARTBEAT);
                    assertThat(result.source()).isEqualTo(CheckResult.DEADLINE_SOURCE);
                });

        Instant late = redisNow();
        ping(monitor, Status.HEALTHY, "ping received", late);
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED", "FAILED->HEALTHY");
        assertThat(deadline(monitor))
                .isEqualTo((double) late.plus(PERIOD_AND_GRACE).toEpochMilli());
    }

    @Test
    void actionersWhoseClocksAreAnHourOffJudgeALatePingByRedisClock() {
        Monitor monitor = hourly();
        Instant pinged = pingDueIn(5);
        ping(monitor, Status.HEALTHY, "ping received", pinged);
        Instant due = pinged.plus(PERIOD_AND_GRACE);

        // an actioner an hour ahead does not fail the monitor before its deadline
        clock.set(redisNow().plus(Duration.ofHours(1)));
        watch.expireDue();
        assertThat(RedisTime.of(redis.time()))
                .as("the deadline has not passed yet")
                .isBefore(due);
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(deadline(monitor)).isEqualTo((double) due.toEpochMilli());

        // an actioner an hour behind fails it once the deadline has passed
        clock.set(redisNow().minus(Duration.ofHours(1)));
        awaitStatus(monitor, "FAILED");
        assertThat(events(monitor).getLast().getOccurredAt()).isEqualTo(due);
    }

    @Test
    void aPingAcceptedBeforeTheDeadlineButNotFoldedYetDoesNotFailTheMonitor() {
        Monitor monitor = hourly();
        Instant pinged = pingDueIn(3);
        ping(monitor, Status.HEALTHY, "ping received", pinged);
        Instant due = pinged.plus(PERIOD_AND_GRACE);
        // crweb accepted the next ping before the deadline; the actioner has not read it from the stream yet (a
        // backlog after a restart). crweb writes the ping's time with its result.
        Instant accepted = pinged.plusSeconds(6);
        redis.set(RedisKeys.heartbeatLastPing(monitor.getId()), String.valueOf(accepted.toEpochMilli()));

        awaitRedisTimePast(due);
        watch.expireDue();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Double.valueOf(accepted.plus(PERIOD_AND_GRACE).toEpochMilli())
                        .equals(deadline(monitor)));
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY");

        // that ping never arrives after all: the monitor fails at its own deadline
        awaitStatus(monitor, "FAILED");
        assertThat(events(monitor).getLast().getOccurredAt()).isEqualTo(accepted.plus(PERIOD_AND_GRACE));
    }

    @Test
    void aCronScheduleFailsGraceAfterTheMissedRunInItsZone() {
        Monitor monitor = heartbeat(
                Map.of(
                        "schedule",
                        "cron",
                        "cronExpression",
                        "0 2 * * *",
                        "timeZone",
                        "Europe/Berlin",
                        "graceSeconds",
                        "3600"),
                1);
        Instant ping = Instant.parse("2026-11-25T01:04:00Z"); // 02:04 in Berlin: the run of the 25th has pinged
        ping(monitor, Status.HEALTHY, "ping received", ping);
        Instant due = Instant.parse("2026-11-26T02:00:00Z"); // the run of the 26th at 01:00 UTC, plus an hour

        awaitStatus(monitor, "FAILED"); // long past by Redis' clock
        assertThat(events(monitor).getLast().getOccurredAt()).isEqualTo(due);
        assertThat(events(monitor).getLast().getReason())
                .isEqualTo("no ping since 2026-11-25T01:04:00Z; expected by "
                        + "2026-11-26T02:00:00Z (cron '0 2 * * *' Europe/Berlin + grace 1 h)");
    }

    @Test
    void aFailurePingFailsTheMonitorAtOnceAndLeavesNoDeadline() {
        Monitor monitor = hourly();
        Instant now = redisNow();
        ping(monitor, Status.HEALTHY, "ping received", now);
        ping(monitor, Status.FAILED, "exit code 3: disk full", now.plusSeconds(1));
        assertThat(status(monitor)).isEqualTo("FAILED");
        assertThat(events(monitor).getLast().getReason()).isEqualTo("exit code 3: disk full");
        assertThat(deadline(monitor)).isNull();
    }

    @Test
    void withAThresholdOfTwoEachMissedPingCountsOnce() {
        Monitor monitor = heartbeat(Map.of("schedule", "period", "periodSeconds", "3600", "graceSeconds", "300"), 2);
        // the first expected ping was missed an hour ago; the second is due in a few seconds
        Instant pinged = pingDueIn(5).minus(Duration.ofHours(1));
        ping(monitor, Status.HEALTHY, "ping received", pinged);
        Instant second = pinged.plus(PERIOD_AND_GRACE).plus(Duration.ofHours(1));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Double.valueOf(second.toEpochMilli()).equals(deadline(monitor)));
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY");

        watch.expireDue();
        assertThat(RedisTime.of(redis.time()))
                .as("the second deadline has not passed yet")
                .isBefore(second);
        assertThat(status(monitor)).isEqualTo("HEALTHY");
        awaitStatus(monitor, "FAILED");
        assertThat(events(monitor).getLast().getReason())
                .isEqualTo("no ping since " + pinged + "; expected by " + second + " (period 1 h + grace 5 min)");
    }

    @Test
    void aNewMonitorThatNeverPingedStaysUnknown() {
        Monitor monitor = hourly();
        clock.set(redisNow().plus(Duration.ofDays(30)));
        watch.expireDue();
        assertThat(status(monitor)).isNull();
        assertThat(deadline(monitor)).isNull();
        assertThat(transitions(monitor)).isEmpty();
    }

    @Test
    void theDeadlineOfADeletedOrPausedMonitorIsDroppedWithoutAResult() {
        redis.zadd(RedisKeys.HEARTBEAT_DEADLINES, redisNow().toEpochMilli(), "987654321");
        Monitor paused = hourly();
        Instant pinged = pingDueIn(6);
        ping(paused, Status.HEALTHY, "ping received", pinged);
        paused.setEnabled(false);
        monitors.save(paused);
        outbox.save(OutboxEntry.upsert(paused.getId()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> redis.hget(RedisKeys.monitor(paused.getId()), RedisKeys.MONITOR_DEFINITION_FIELD)
                        .contains("\"enabled\":false"));
        assertThat(RedisTime.of(redis.time())).as("paused before its deadline").isBefore(pinged.plus(PERIOD_AND_GRACE));

        awaitRedisTimePast(pinged.plus(PERIOD_AND_GRACE));
        watch.expireDue();
        assertThat(redis.zscore(RedisKeys.HEARTBEAT_DEADLINES, "987654321")).isNull();
        assertThat(deadline(paused)).isNull();
        // the watch's own thread may have claimed it: whoever did, the monitor keeps its status
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> "HEALTHY".equals(status(paused)));
        assertThat(transitions(paused)).containsExactly("UNKNOWN->HEALTHY");
    }

    @Test
    void afterRedisLostItsDataARebuildGivesAHealthyHeartbeatAFullScheduleFromRedisNow(
            @Autowired RebuildAccess rebuild) {
        Monitor pinged = hourly();
        ping(pinged, Status.HEALTHY, "ping received", redisNow());
        Monitor failed = hourly();
        ping(failed, Status.FAILED, "ping reported failure", redisNow());
        Monitor silent = hourly();
        infrastructure.flushRedis();

        // the bridge's own clock is skewed: the deadline is a full schedule from Redis' now all the same
        clock.set(redisNow().plus(Duration.ofHours(1)));
        Instant before = RedisTime.of(redis.time()).truncatedTo(ChronoUnit.MILLIS);
        rebuild.run();
        Instant after = RedisTime.of(redis.time());

        assertThat(deadline(pinged))
                .isBetween((double) before.plus(PERIOD_AND_GRACE).toEpochMilli(), (double)
                        after.plus(PERIOD_AND_GRACE).toEpochMilli());
        assertThat(deadline(failed)).isNull();
        assertThat(deadline(silent)).isNull();

        // an hour and five minutes later, without a ping: here the deadline is moved to now instead of waiting
        Instant due = redisNow();
        redis.zadd(
                RedisKeys.HEARTBEAT_DEADLINES,
                ZAddArgs.Builder.xx(),
                due.toEpochMilli(),
                String.valueOf(pinged.getId()));
        awaitStatus(pinged, "FAILED");
        assertThat(events(pinged).getLast().getReason())
                .isEqualTo("no ping; expected by " + due + " (period 1 h + grace 5 min)");
    }
}
