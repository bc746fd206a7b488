package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisTime;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A zone votes while its last result is younger than the vote window, by Redis' clock: the fold stamps each zone's
 * result with Redis' TIME and judges every zone's age by it, whatever the clock of the actioner that folds (here a
 * week behind Redis', as a skewed host's).
 */
@SpringBootTest(
        classes = {CrbridgeApplication.class, ActionerInfrastructure.MovableClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=crbridge")
@DirtiesContext
class ZoneFreshnessTest {

    @Autowired
    TeamRepository teamRepository;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
    }

    @Autowired
    ActionerInfrastructure.TestClock clock;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    private Instant redisNow(RedisCommands<String, String> redis) {
        return RedisTime.of(redis.time());
    }

    private void report(RedisCommands<String, String> redis, Monitor monitor, Status status, String zone) {
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.checked(
                        ResultIds.newJob(),
                        monitor.getId(),
                        zone,
                        "worker-" + zone,
                        status,
                        status + " from " + zone,
                        3,
                        clock.millis()));
    }

    private String zoneField(RedisCommands<String, String> redis, Monitor monitor, String zone, String field) {
        return redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.zone(zone, field));
    }

    @Test
    void aZoneStopsVotingWhenItsLastResultIsOlderThanTheWindowByRedisClock() {
        RedisCommands<String, String> redis = connection.sync();
        clock.set(Instant.parse("2026-11-25T10:00:00Z"));
        UserAccount owner = users.save(new UserAccount("zones-" + UUID.randomUUID() + "@example.com", "x"));
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "checkout", "webhook");
        monitor.setIntervalSeconds(60); // a zone votes for three intervals: 180 s
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(1);
        monitor.setRecoverThreshold(1);
        monitor.setZones(List.of("eu", "us"));
        monitor.setQuorum(Quorum.ALL_HEALTHY);
        Monitor saved = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(saved.getId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(saved.getId())) == 1);

        Instant before = redisNow(redis);
        report(redis, saved, Status.FAILED, "us");
        Instant after = redisNow(redis);
        assertThat(Instant.ofEpochMilli(Long.parseLong(zoneField(redis, saved, "us", "at"))))
                .as("stamped by Redis' clock, not the actioner's a week behind")
                .isBetween(before.minusMillis(1), after);
        assertThat(redis.hget(RedisKeys.state(saved.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("FAILED");

        // us last reported 177 s ago by Redis' clock: it still votes, and under ALL_HEALTHY its failure holds
        long usAt = redisNow(redis).toEpochMilli() - 177_000;
        redis.hset(RedisKeys.state(saved.getId()), RedisKeys.StateField.zone("us", "at"), String.valueOf(usAt));
        report(redis, saved, Status.HEALTHY, "eu");
        assertThat(redis.hget(RedisKeys.state(saved.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("FAILED");

        // three seconds on, by Redis' clock, us has fallen silent for longer than the window: eu alone decides
        await().atMost(Duration.ofSeconds(10)).until(() -> redisNow(redis).toEpochMilli() > usAt + 180_000);
        report(redis, saved, Status.HEALTHY, "eu");
        assertThat(redis.hget(RedisKeys.state(saved.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("HEALTHY");
    }
}
