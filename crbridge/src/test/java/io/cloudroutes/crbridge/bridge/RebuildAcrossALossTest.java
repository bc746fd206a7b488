package io.cloudroutes.crbridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.actioner.ActionerInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The moments around a loss of Redis' data that the loss watch cannot cover, each made to happen here on purpose:
 * the watch and the periodic rebuild are off, so that nothing repairs Redis behind the test's back.
 * <ul>
 *   <li>a result whose monitor's definition was read just before the loss is folded just after it, into no state;</li>
 *   <li>Redis loses its data again while a rebuild runs, taking the pages the rebuild had already written.</li>
 * </ul>
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.config.name=crbridge",
            "cloudroutes.public-url=https://cr.example.com",
            "cloudroutes.bridge.loss-check-interval=1h",
            "cloudroutes.bridge.rebuild-interval=1h"
        })
@DirtiesContext
class RebuildAcrossALossTest {

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
    Rebuilder rebuilder;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    LossFixtures fixtures;

    @BeforeEach
    void anOwnerAndARebuiltRedis() {
        redis = connection.sync();
        UserAccount owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        fixtures = new LossFixtures(
                owner,
                teamRepository.personalTeamIdOf(owner.getId()),
                monitors,
                reactions,
                runs,
                events,
                outbox,
                redis);
        // the bridge's rebuild at start has run, or this one does it: Redis is whole before each test
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.EPOCH) == 1);
    }

    /**
     * Redis lost its data after the actioner read these monitors' definitions and before it folded their results (in
     * Redis terms: the definitions are there, their states and the epoch are not). Each result is folded from the
     * status PostgreSQL has: no transition that never happened, no second page for a failure already paged. A monitor
     * PostgreSQL has no transition of is folded from UNKNOWN, as it would be at any time, not kept waiting.
     */
    @Test
    void aResultFoldedIntoNoStateBeforeRedisIsRebuiltStartsFromTheStatusItHad() {
        LossFixtures.PagedFailure before = fixtures.aPagedFailureAndAHealthyMonitor();
        ReactionConfig page = before.page();
        Monitor failing = before.failing();
        Monitor healthy = before.healthy();
        Monitor fresh = fixtures.monitor("new-api", page);

        redis.del(
                RedisKeys.EPOCH,
                RedisKeys.state(failing.getId()),
                RedisKeys.state(healthy.getId()),
                RedisKeys.state(fresh.getId()));
        fixtures.report(failing, Status.FAILED, "connection refused");
        fixtures.report(healthy, Status.HEALTHY, "HTTP 200");
        fixtures.report(fresh, Status.HEALTHY, "HTTP 200");

        assertThat(fixtures.transitions(failing)).containsExactly("UNKNOWN->FAILED");
        assertThat(fixtures.transitions(healthy)).containsExactly("UNKNOWN->HEALTHY");
        assertThat(fixtures.transitions(fresh)).containsExactly("UNKNOWN->HEALTHY");
        assertThat(runs.findByMonitorIdAndReactionIdOrderByIdAsc(failing.getId(), page.getId()))
                .hasSize(1);
        assertThat(redis.hget(RedisKeys.state(failing.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("FAILED");
        assertThat(redis.hget(RedisKeys.state(healthy.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("HEALTHY");

        // the recovery of the restored failure is a real one
        fixtures.report(failing, Status.HEALTHY, "HTTP 200");
        assertThat(fixtures.transitions(failing)).containsExactly("FAILED->HEALTHY", "UNKNOWN->FAILED");
    }

    /**
     * Redis loses its data again while a rebuild after a loss runs: the pages written before are gone. That rebuild
     * does not write the epoch, so the loss is still seen, and the next rebuild brings back every monitor, with its
     * definition, its place in the schedule and its status.
     */
    @Test
    void aRebuildDuringWhichRedisLostItsDataDoesNotMarkRedisRebuilt() {
        List<Monitor> fleet = fixtures.healthyFleet(1200);
        infrastructure.flushRedis();

        CompletableFuture<Rebuilder.Summary> rebuilding = CompletableFuture.supplyAsync(rebuilder::rebuild);
        // once the first page is back, and before the rebuild's end (the epoch), Redis loses its data again
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> redis.zcard(RedisKeys.SCHEDULE) > 0 || rebuilding.isDone());
        assertThat(redis.exists(RedisKeys.EPOCH))
                .as("the rebuild ended before the second loss could be made")
                .isZero();
        infrastructure.flushRedis();
        Rebuilder.Summary interrupted = rebuilding.join();

        assertThat(interrupted.lostMeanwhile()).isTrue();
        assertThat(redis.exists(RedisKeys.EPOCH))
                .as("Redis marked rebuilt after losing the pages written")
                .isZero();
        assertThat(rebuilder.redisLostItsData()).isTrue();

        Rebuilder.Summary again = rebuilder.rebuild();
        assertThat(again.lostMeanwhile()).isFalse();
        assertThat(redis.exists(RedisKeys.EPOCH)).isOne();
        assertThat(fleet).allSatisfy(monitor -> {
            assertThat(redis.hget(RedisKeys.monitor(monitor.getId()), RedisKeys.MONITOR_DEFINITION_FIELD))
                    .isNotNull();
            assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(monitor.getId())))
                    .isNotNull();
            assertThat(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS))
                    .isEqualTo("HEALTHY");
        });
        // nothing of the guards is left behind
        assertThat(redis.scan(io.lettuce.core.ScanArgs.Builder.matches(RedisKeys.rebuildGuard("*"))
                                .limit(100_000))
                        .getKeys())
                .isEmpty();
    }
}
