package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.SentinelRedis;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Limit;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * crbridge on a {@code redis-sentinel://} URL, with Debian's redis-server (a primary and a replica) and three
 * redis-sentinel processes on loopback: when the primary is killed, the replica is promoted and crbridge folds results
 * again within 15 s (its blocking reads of the results stream and its scripts move to the new primary), with the state
 * it had folded before the kill.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=crbridge")
@DirtiesContext
class SentinelFailoverTest {

    @Autowired
    TeamRepository teamRepository;

    static SentinelRedis redis;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        assumeThat(SentinelRedis.installed())
                .as("redis-server and redis-sentinel: run .ci/install-test-tools")
                .isTrue();
        ActionerInfrastructure.start(registry);
        redis = SentinelRedis.start();
        registry.add("cloudroutes.redis.url", () -> redis.url(TestRedis.CRBRIDGE));
    }

    static boolean redisStopsWithCrbridge;

    @BeforeAll
    static void stopRedisWithCrbridge(@Autowired ConfigurableApplicationContext crbridge) {
        // Redis stops when crbridge's context closes (after the class, @DirtiesContext), once crbridge's own
        // components have stopped: they would wait tens of seconds for a Redis already gone
        ((DefaultSingletonBeanRegistry) crbridge.getBeanFactory())
                .registerDisposableBean("sentinelRedis", redis::close);
        redisStopsWithCrbridge = true;
    }

    @AfterAll
    static void stopRedisIfCrbridgeNeverStarted() {
        if (redis != null && !redisStopsWithCrbridge) {
            redis.close();
        }
    }

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    private static CheckResult result(Monitor monitor, Status status) {
        return CheckResult.checked(
                ResultIds.newJob(),
                monitor.getId(),
                "default",
                "worker-default",
                status,
                status == Status.FAILED ? "HTTP 503" : "HTTP 200",
                3,
                System.currentTimeMillis());
    }

    @Test
    void resultsAreFoldedAgainWithin15SecondsOfThePrimaryBeingKilled() {
        RedisCommands<String, String> commands = connection.sync();
        UserAccount owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "checkout", "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(1);
        monitor.setRecoverThreshold(1);
        monitor.setZones(List.of("default"));
        monitor.setQuorum(Quorum.MAJORITY);
        Monitor saved = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(saved.getId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> commands.exists(RedisKeys.monitor(saved.getId())) == 1);
        ActionerInfrastructure.appendAndAwaitHandled(commands, result(saved, Status.FAILED));
        assertThat(commands.hget(RedisKeys.state(saved.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("FAILED");
        redis.awaitReplicasCaughtUp();

        SentinelRedis.Node old = redis.primary();
        redis.kill(old);
        Instant killed = Instant.now();

        CheckResult recovered = result(saved, Status.HEALTHY);
        AtomicBoolean appended = new AtomicBoolean();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    if (!appended.get()) {
                        // as crweb or a worker's results would arrive: once the new primary takes writes
                        commands.xadd(
                                RedisKeys.RESULTS_STREAM,
                                Map.of(RedisKeys.RESULTS_STREAM_FIELD, MessageCodec.toJson(recovered)));
                        appended.set(true);
                    }
                    return commands.exists(RedisKeys.seen(recovered.resultId())) == 1
                            && "HEALTHY"
                                    .equals(commands.hget(RedisKeys.state(saved.getId()), RedisKeys.StateField.STATUS));
                });
        assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThat(redis.primary()).isNotEqualTo(old);

        // the state folded before the kill survived: the recovery is the one transition after the failure
        await().atMost(Duration.ofSeconds(10))
                .until(() -> events.findByMonitorIdOrderByOccurredAtDescIdDesc(saved.getId(), Limit.of(10))
                                .size()
                        == 2);
        List<MonitorEvent> history = events.findByMonitorIdOrderByOccurredAtDescIdDesc(saved.getId(), Limit.of(10));
        assertThat(history.getFirst().getToStatus()).isEqualTo(Status.HEALTHY);
        assertThat(history.getFirst().getFromStatus()).isEqualTo(Status.FAILED);
    }
}
