package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fold records a decision, which the actioner writes to PostgreSQL in a transaction of its own, only where one can
 * matter: at a transition, and at a count of the episode that is the trigger of one of the monitor's reactions on its
 * status. The counts between cost PostgreSQL nothing, and every reaction still runs once at its trigger. Against real
 * PostgreSQL, Redis and an HTTP receiver that counts what reactions send.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=crbridge")
@DirtiesContext
class DecisionsAtTriggersTest {

    @Autowired
    TeamRepository teamRepository;

    private static final int FAILURES = 10;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
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
    OutboxRepository outbox;

    @Autowired
    DecisionLedger ledger;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    HttpReceiver receiver;
    ActionerFixtures fixtures;

    @BeforeEach
    void anOwnerAndAReceiver() throws IOException {
        redis = connection.sync();
        UserAccount owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        receiver = new HttpReceiver();
        fixtures = new ActionerFixtures(
                owner, teamRepository.personalTeamIdOf(owner.getId()), monitors, reactions, outbox, redis);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** A webhook reaction on failures, due once the monitor has failed {@code trigger} results in a row. */
    private ReactionConfig onFailure(String path, int trigger) {
        ReactionConfig reaction = fixtures.webhookOnFailure(receiver, path);
        reaction.setTriggerCount(trigger);
        return reactions.save(reaction);
    }

    private String definitionJson(Monitor monitor) {
        return redis.hget(RedisKeys.monitor(monitor.getId()), RedisKeys.MONITOR_DEFINITION_FIELD);
    }

    /**
     * Fails the monitor {@code failures} times and says how many decisions the fold recorded for PostgreSQL, counted
     * among the pending decisions while the ledger waits; then lets the ledger write them and waits until it did.
     */
    private long decisionsOfFailing(Monitor monitor, int failures) {
        ledger.stop();
        try {
            for (int i = 0; i < failures; i++) {
                ActionerInfrastructure.appendAndAwaitFolded(
                        redis,
                        CheckResult.pushed(
                                "webhook",
                                monitor.getId(),
                                ResultIds.newDelivery(),
                                Status.FAILED,
                                "HTTP 503",
                                System.currentTimeMillis()));
            }
            return redis.zcard(RedisKeys.DECISIONS_PENDING);
        } finally {
            ledger.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.zcard(RedisKeys.DECISIONS_PENDING) == 0);
        }
    }

    private void awaitRunsSettled(Monitor monitor, ReactionConfig reaction, String path) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.hits(path) >= 1
                        && runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId())
                                        .size()
                                >= 1);
    }

    @Test
    void tenFailuresRecordTheTransitionAndTheTriggerCountOnlyAndTheReactionRunsOnce() {
        ReactionConfig page = onFailure("/third", 3);
        Monitor monitor = fixtures.monitor("checkout", page);
        assertThat(definitionJson(monitor))
                .contains("\"reactionTriggers\":{")
                .contains("\"FAILED\":[3]")
                .contains("\"HEALTHY\":[]");

        assertThat(decisionsOfFailing(monitor, 2))
                .as("the transition; count 2 makes nothing due")
                .isOne();
        assertThat(receiver.hits("/third")).isZero();
        assertThat(decisionsOfFailing(monitor, 1))
                .as("count 3, the reaction's trigger")
                .isOne();
        awaitRunsSettled(monitor, page, "/third");
        assertThat(decisionsOfFailing(monitor, FAILURES - 3))
                .as("counts 4 to 10 make nothing due")
                .isZero();

        assertThat(receiver.hits("/third")).isOne();
        assertThat(runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), page.getId()))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.EXECUTED);
    }

    @Test
    void aTriggerEditedFrom3To5RunsTheReactionAt5OnceTheBridgeRewroteTheDefinition() {
        ReactionConfig page = onFailure("/edited", 3);
        Monitor monitor = fixtures.monitor("checkout", page);
        assertThat(definitionJson(monitor)).contains("\"FAILED\":[3]");

        // what crweb's ReactionService does on the edit: the reaction and an outbox entry per attached monitor
        page.setTriggerCount(5);
        reactions.save(page);
        outbox.save(OutboxEntry.upsert(monitor.getId()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> definitionJson(monitor).contains("\"FAILED\":[5]"));

        assertThat(decisionsOfFailing(monitor, 4)).as("the transition only").isOne();
        assertThat(receiver.hits("/edited")).as("not at 3 any more").isZero();
        assertThat(runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), page.getId()))
                .isEmpty();
        assertThat(decisionsOfFailing(monitor, 1))
                .as("count 5, the new trigger")
                .isOne();
        awaitRunsSettled(monitor, page, "/edited");
        assertThat(decisionsOfFailing(monitor, FAILURES - 5)).isZero();
        assertThat(receiver.hits("/edited")).isOne();
    }

    @Test
    void aDefinitionWrittenWithoutTriggersByAnOlderBridgeRecordsEveryCountAndRunsTheReactionOnce() {
        ReactionConfig page = onFailure("/older", 3);
        Monitor monitor = fixtures.monitor("checkout", page);
        String older = definitionJson(monitor).replaceFirst(",?\"reactionTriggers\":\\{[^}]*\\}", "");
        assertThat(older).doesNotContain("reactionTriggers");
        redis.hset(RedisKeys.monitor(monitor.getId()), RedisKeys.MONITOR_DEFINITION_FIELD, older);

        assertThat(decisionsOfFailing(monitor, FAILURES))
                .as("the transition and every count after it, as before")
                .isEqualTo(FAILURES);
        awaitRunsSettled(monitor, page, "/older");
        assertThat(receiver.hits("/older")).isOne();
        assertThat(runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), page.getId()))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.EXECUTED);
    }
}
