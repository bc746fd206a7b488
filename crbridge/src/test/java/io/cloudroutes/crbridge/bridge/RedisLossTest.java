package io.cloudroutes.crbridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.actioner.ActionerInfrastructure;
import io.cloudroutes.crbridge.actioner.HttpReceiver;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis losing its data (FLUSHALL, a restart without persistence) is noticed and repaired within seconds: definitions,
 * schedule and each monitor's status come back from PostgreSQL, so no transition is made up and no reaction runs twice;
 * and a deleted monitor leaves nothing behind in Redis.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "cloudroutes.public-url=https://cr.example.com"})
@DirtiesContext
class RedisLossTest {

    @Autowired
    TeamRepository teamRepository;

    static ActionerInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = ActionerInfrastructure.start(registry);
    }

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    ReactionRunRepository runs;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    UserAccount owner;
    LossFixtures fixtures;

    @BeforeEach
    void anOwner() {
        redis = connection.sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        fixtures = new LossFixtures(
                owner,
                teamRepository.personalTeamIdOf(owner.getId()),
                monitors,
                reactions,
                runs,
                events,
                outbox,
                redis);
    }

    @Test
    void afterFlushallEveryMonitorIsBackWithinTenSecondsWithItsStatusAndNothingHappensTwice() {
        LossFixtures.PagedFailure before = fixtures.aPagedFailureAndAHealthyMonitor();
        ReactionConfig page = before.page();
        Monitor failing = before.failing();
        Monitor healthy = before.healthy();

        infrastructure.flushRedis();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> redis.exists(RedisKeys.EPOCH) == 1 && redis.exists(RedisKeys.REBUILDING) == 0);
        for (Monitor monitor : List.of(failing, healthy)) {
            assertThat(redis.hget(RedisKeys.monitor(monitor.getId()), RedisKeys.MONITOR_DEFINITION_FIELD))
                    .isNotNull();
            assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(monitor.getId())))
                    .isNotNull();
        }
        assertThat(redis.hget(RedisKeys.state(failing.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("FAILED");
        assertThat(redis.hget(RedisKeys.state(healthy.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("HEALTHY");

        // the same results again: no transition from UNKNOWN, no second page for a failure already paged
        fixtures.report(failing, Status.FAILED, "connection refused");
        fixtures.report(healthy, Status.HEALTHY, "HTTP 200");
        assertThat(fixtures.transitions(failing)).containsExactly("UNKNOWN->FAILED");
        assertThat(fixtures.transitions(healthy)).containsExactly("UNKNOWN->HEALTHY");
        assertThat(runs.findByMonitorIdAndReactionIdOrderByIdAsc(failing.getId(), page.getId()))
                .hasSize(1);

        // the recovery of the seeded failure is a real one
        fixtures.report(failing, Status.HEALTHY, "HTTP 200");
        assertThat(fixtures.transitions(failing)).containsExactly("FAILED->HEALTHY", "UNKNOWN->FAILED");
    }

    @Test
    void aFailoverActiveWhenRedisLostItsDataIsStillUndoneAtRecovery() throws Exception {
        try (HttpReceiver pagerDuty = new HttpReceiver()) {
            ReactionConfig incident = new ReactionConfig(
                    teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "open an incident", "pagerduty");
            incident.setSettings(
                    Map.of("routingKey", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12", "eventsUrl", pagerDuty.url("/pagerduty")));
            incident = reactions.save(incident);
            Monitor monitor = fixtures.monitor("payments", incident);
            fixtures.report(monitor, Status.FAILED, "connection refused");
            await().atMost(Duration.ofSeconds(10)).until(() -> pagerDuty.hits("/pagerduty") == 1);

            infrastructure.flushRedis();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> redis.exists(RedisKeys.EPOCH) == 1 && redis.exists(RedisKeys.REBUILDING) == 0);

            fixtures.report(monitor, Status.HEALTHY, "HTTP 200");
            // the incident opened before the loss is resolved: the restore ran, as a run PostgreSQL records
            long incidentId = incident.getId();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pagerDuty.hits("/pagerduty") == 2
                            && runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), incidentId)
                                            .size()
                                    == 2);
            assertThat(runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), incidentId))
                    .extracting(ReactionRun::isRestore)
                    .containsExactly(false, true);
        }
    }

    /**
     * While the rebuild after a loss runs, no monitor is in the schedule without the status it had: a control would
     * claim it, and its result would be folded from UNKNOWN, a transition that never happened. Checked by looking at
     * Redis as often as it answers while 1,200 monitors (three pages) are rebuilt.
     */
    @Test
    void noMonitorIsScheduledAgainBeforeItsStatusIsBack() {
        List<Monitor> many = fixtures.healthyFleet(1200);
        long firstId = many.getFirst().getId();
        String statePrefix = RedisKeys.state(0).substring(0, RedisKeys.state(0).length() - 1);
        // a test's own look at Redis, not a script of CloudRoutes: it builds each monitor's state key from the prefix
        String scheduledWithoutStatus = """
                local without = 0
                for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
                  if tonumber(id) >= tonumber(ARGV[1]) and redis.call('EXISTS', ARGV[2] .. id) == 0 then
                    without = without + 1
                  end
                end
                return without
                """;

        infrastructure.flushRedis();

        java.util.concurrent.atomic.AtomicLong mostWithoutStatus = new java.util.concurrent.atomic.AtomicLong();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(2))
                .until(() -> {
                    Long without = redis.eval(
                            scheduledWithoutStatus,
                            io.lettuce.core.ScriptOutputType.INTEGER,
                            new String[] {RedisKeys.SCHEDULE},
                            String.valueOf(firstId),
                            statePrefix);
                    mostWithoutStatus.accumulateAndGet(without, Math::max);
                    return redis.exists(RedisKeys.EPOCH) == 1 && redis.exists(RedisKeys.REBUILDING) == 0;
                });
        assertThat(mostWithoutStatus.get())
                .as("monitors seen in the schedule without their status")
                .isZero();
        assertThat(many)
                .allSatisfy(
                        monitor -> assertThat(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS))
                                .isEqualTo("HEALTHY"));
    }

    /**
     * Results keep coming after a loss, before the rebuild has reached their monitors: such a result finds neither
     * the monitor's definition nor its status. It is folded from the status PostgreSQL has, not from UNKNOWN, so it
     * makes no transition that never happened (the chaos suite saw them as UNKNOWN->HEALTHY events).
     */
    @Test
    void aResultComingBeforeTheRebuildReachesItsMonitorIsFoldedFromTheStatusItHad() {
        LossFixtures.PagedFailure before = fixtures.aPagedFailureAndAHealthyMonitor();
        ReactionConfig page = before.page();
        Monitor failing = before.failing();
        Monitor healthy = before.healthy();

        // what the loss took of these two monitors, while the rebuild has not come to them (the epoch is still there)
        for (Monitor monitor : List.of(failing, healthy)) {
            redis.del(RedisKeys.monitor(monitor.getId()), RedisKeys.state(monitor.getId()));
            redis.zrem(RedisKeys.SCHEDULE, String.valueOf(monitor.getId()));
        }
        fixtures.report(failing, Status.FAILED, "connection refused");
        fixtures.report(healthy, Status.HEALTHY, "HTTP 200");

        assertThat(fixtures.transitions(failing)).containsExactly("UNKNOWN->FAILED");
        assertThat(fixtures.transitions(healthy)).containsExactly("UNKNOWN->HEALTHY");
        assertThat(runs.findByMonitorIdAndReactionIdOrderByIdAsc(failing.getId(), page.getId()))
                .hasSize(1);
        for (Monitor monitor : List.of(failing, healthy)) {
            assertThat(redis.hget(RedisKeys.monitor(monitor.getId()), RedisKeys.MONITOR_DEFINITION_FIELD))
                    .isNotNull();
            assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(monitor.getId())))
                    .isNotNull();
        }
        assertThat(redis.hget(RedisKeys.state(failing.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("FAILED");
    }

    @Test
    void aDeletedMonitorLeavesNoKeyOfItsOwnInRedis() {
        ReactionConfig page = fixtures.reaction(CallOn.FAILED, 3600);
        Monitor monitor = fixtures.monitor("gone", page);
        fixtures.report(monitor, Status.FAILED, "connection refused");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> redis.exists(RedisKeys.reactionLock(monitor.getId(), page.getId())) == 1);
        assertThat(keysOf(monitor)).isNotEmpty();

        monitors.delete(monitor);
        outbox.save(OutboxEntry.delete(monitor.getId()));

        await().atMost(Duration.ofSeconds(10)).until(() -> keysOf(monitor).isEmpty());
        assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(monitor.getId())))
                .isNull();
    }

    /** Every key whose name carries the monitor's id as a part of its own (not an account's rate windows). */
    private List<String> keysOf(Monitor monitor) {
        List<String> found = new ArrayList<>();
        for (String pattern :
                List.of(RedisKeys.PREFIX + "*:" + monitor.getId(), RedisKeys.PREFIX + "*:" + monitor.getId() + ":*")) {
            found.addAll(scan(pattern));
        }
        found.removeAll(scan(RedisKeys.rateWindowPattern()));
        return found;
    }

    private List<String> scan(String pattern) {
        List<String> found = new ArrayList<>();
        KeyScanCursor<String> cursor =
                redis.scan(ScanArgs.Builder.matches(pattern).limit(1000));
        found.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            found.addAll(cursor.getKeys());
        }
        return found;
    }
}
