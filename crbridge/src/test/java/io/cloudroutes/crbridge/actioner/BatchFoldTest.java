package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Limit;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The actioner folds what one read of the results stream delivers as one batch (the definitions of its monitors in
 * one Redis round trip, its folds in another) with the semantics of folding each result alone: a monitor's results in
 * their order, every result once, a redelivery or a deleted monitor's result changing nothing, and an entry that
 * cannot be folded now left pending for later without holding up the others. Against real PostgreSQL and Redis; the
 * entries of a batch are appended in one MULTI/EXEC, so the stream delivers them together.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=crbridge")
@DirtiesContext
class BatchFoldTest {

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
    MonitorEventRepository events;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    @Autowired
    MeterRegistry meters;

    RedisCommands<String, String> redis;
    ActionerFixtures fixtures;

    @BeforeEach
    void anOwner() {
        redis = connection.sync();
        UserAccount owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        fixtures = new ActionerFixtures(
                owner, teamRepository.personalTeamIdOf(owner.getId()), monitors, reactions, outbox, redis);
    }

    @Test
    void threeFailuresOfOneMonitorInOneBatchFoldInOrderAndTheThirdMakesTheOneTransition() {
        Monitor monitor = new Monitor(
                teamRepository.personalTeamIdOf(fixtures.owner().getId()),
                fixtures.owner().getId(),
                "fails on the third",
                "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(3);
        Monitor saved = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(saved.getId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(saved.getId())) == 1);
        ActionerInfrastructure.appendAndAwaitHandled(redis, result(saved, Status.HEALTHY, "up"));
        double batchesBefore = batchSizes().count();
        double resultsBefore = batchSizes().totalAmount();

        List<CheckResult> failures = Stream.of("first", "second", "third")
                .map(which -> result(saved, Status.FAILED, which + " failure"))
                .toList();
        appendAsOneBatch(failures.toArray(CheckResult[]::new));

        awaitTransitions(saved, "UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        assertThat(events(saved).getLast().getReason()).isEqualTo("third failure");
        assertThat(recentReasons(saved)).containsExactly("third failure", "second failure", "first failure", "up");
        assertThat(batchSizes().count() - batchesBefore)
                .as("read and folded as one batch")
                .isEqualTo(1);
        assertThat(batchSizes().totalAmount() - resultsBefore).isEqualTo(3);
    }

    @Test
    void aBatchWithADeletedMonitorAMalformedEntryAndARedeliveryFoldsEachOtherResultOnce() {
        Monitor checkout = fixtures.monitor("checkout");
        Monitor billing = fixtures.monitor("billing");
        Monitor deleted = fixtures.monitor("deleted");
        CheckResult checkoutUp = result(checkout, Status.HEALTHY, "up");
        ActionerInfrastructure.appendAndAwaitHandled(redis, checkoutUp);
        monitors.delete(deleted);
        outbox.save(OutboxEntry.delete(deleted.getId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(deleted.getId())) == 0);

        CheckResult checkoutDown = result(checkout, Status.FAILED, "down");
        CheckResult billingDown = result(billing, Status.FAILED, "down");
        CheckResult ofDeleted = result(deleted, Status.FAILED, "after its deletion");
        infrastructure.appendAsOneBatch(List.of(
                MessageCodec.toJson(ofDeleted),
                "{\"not\": \"a result\"",
                MessageCodec.toJson(checkoutUp),
                MessageCodec.toJson(checkoutDown),
                MessageCodec.toJson(billingDown),
                MessageCodec.toJson(billingDown)));

        awaitFoldedAndAcknowledged(checkoutDown, billingDown);
        awaitTransitions(checkout, "UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        awaitTransitions(billing, "UNKNOWN->FAILED");
        assertThat(recentReasons(checkout)).containsExactly("down", "up");
        assertThat(recentReasons(billing)).containsExactly("down");
        assertThat(redis.exists(RedisKeys.state(deleted.getId())))
                .as("nothing folded for the deleted monitor")
                .isZero();
        assertThat(events(deleted)).isEmpty();
    }

    @Test
    void aBatchAfterRedisLostItsScriptsIsFoldedAllTheSame() {
        Monitor checkout = fixtures.monitor("checkout");
        Monitor billing = fixtures.monitor("billing");
        CheckResult[] first = {result(checkout, Status.HEALTHY, "up"), result(billing, Status.HEALTHY, "up")};
        appendAsOneBatch(first);
        awaitFoldedAndAcknowledged(first);

        infrastructure.asOperator(RedisCommands::scriptFlush); // what a restart of Redis does to its script cache
        CheckResult[] second = {
            result(checkout, Status.FAILED, "down"),
            result(billing, Status.FAILED, "down"),
            result(checkout, Status.HEALTHY, "back")
        };
        appendAsOneBatch(second);

        awaitFoldedAndAcknowledged(second);
        awaitTransitions(checkout, "UNKNOWN->HEALTHY", "HEALTHY->FAILED", "FAILED->HEALTHY");
        awaitTransitions(billing, "UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        assertThat(recentReasons(checkout)).containsExactly("back", "down", "up");
        assertThat(recentReasons(billing)).containsExactly("down", "up");
    }

    @Test
    void aResultWhoseMonitorPostgreSQLCannotLookUpStaysPendingWhileTheRestOfItsBatchIsFoldedAndAcknowledged()
            throws SQLException {
        Monitor checkout = fixtures.monitor("checkout");
        Monitor billing = fixtures.monitor("billing");
        Monitor unknownToRedis = new Monitor(
                teamRepository.personalTeamIdOf(fixtures.owner().getId()),
                fixtures.owner().getId(),
                "pushed before the bridge saw it",
                "webhook");
        unknownToRedis.setIntervalSeconds(60);
        unknownToRedis.setTimeoutSeconds(5);
        unknownToRedis.setFailThreshold(1);
        Monitor notInRedis = monitors.save(unknownToRedis); // no outbox entry: only PostgreSQL knows it
        CheckResult lookedUp = result(notInRedis, Status.FAILED, "nightly backup failed");
        CheckResult checkoutDown = result(checkout, Status.FAILED, "down");
        CheckResult billingDown = result(billing, Status.FAILED, "down");

        try (Connection stall = infrastructure.superuser()) {
            stall.setAutoCommit(false);
            try (Statement lock = stall.createStatement()) {
                // nobody reads the monitors meanwhile: the lookup of the one Redis does not hold waits past its second
                lock.execute("lock table monitors in access exclusive mode");
            }
            appendAsOneBatch(lookedUp, checkoutDown, billingDown);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> folded(checkoutDown)
                            && folded(billingDown)
                            && redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                                            .getCount()
                                    == 1);
            assertThat(folded(lookedUp)).isFalse();
            assertThat(redis.hget(RedisKeys.state(checkout.getId()), RedisKeys.StateField.STATUS))
                    .isEqualTo("FAILED");
            stall.rollback();
        }

        // claimed again once idle, and folded now that PostgreSQL answers
        await().atMost(Duration.ofSeconds(40))
                .until(() -> folded(lookedUp)
                        && redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                                        .getCount()
                                == 0);
        awaitTransitions(notInRedis, "UNKNOWN->FAILED");
        awaitTransitions(checkout, "UNKNOWN->FAILED");
        awaitTransitions(billing, "UNKNOWN->FAILED");
    }

    private void appendAsOneBatch(CheckResult... results) {
        infrastructure.appendAsOneBatch(
                Stream.of(results).map(MessageCodec::toJson).toList());
    }

    /**
     * Waits until these results are folded and their batch acknowledged: the entries of a batch are delivered
     * together, so once these are folded every entry of it was delivered, and none pending means all acknowledged.
     */
    private void awaitFoldedAndAcknowledged(CheckResult... results) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Stream.of(results).allMatch(this::folded)
                        && redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                                        .getCount()
                                == 0);
    }

    private boolean folded(CheckResult result) {
        return redis.exists(RedisKeys.seen(result.resultId())) == 1;
    }

    private DistributionSummary batchSizes() {
        return meters.get("cloudroutes.actioner.batch.size").summary();
    }

    private static CheckResult result(Monitor monitor, Status status, String reason) {
        return CheckResult.pushed(
                "webhook", monitor.getId(), ResultIds.newDelivery(), status, reason, System.currentTimeMillis());
    }

    /** The reasons of the monitor's recent results, newest first, as the monitor's page lists them. */
    private List<String> recentReasons(Monitor monitor) {
        return redis.lrange(RedisKeys.recent(monitor.getId()), 0, -1).stream()
                .map(json -> MessageCodec.fromJson(json, CheckResult.class).reason())
                .toList();
    }

    private List<MonitorEvent> events(Monitor monitor) {
        return events.findByMonitorIdOrderByOccurredAtDescIdDesc(monitor.getId(), Limit.of(50))
                .reversed();
    }

    /** Waits until the monitor's recorded transitions are these: a result's event is written after its fold. */
    private void awaitTransitions(Monitor monitor, String... expected) {
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> events(monitor).stream()
                                .map(e -> e.getFromStatus() + "->" + e.getToStatus())
                                .toList(),
                        t -> t.equals(List.of(expected)));
    }
}
