package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.bridge.RebuildAccess;
import io.cloudroutes.store.TestDatabase;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.history.ReactionAttempt;
import io.cloudroutes.store.history.ReactionAttemptRepository;
import io.cloudroutes.store.history.ReactionRun;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Limit;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A decision, once folded, is never lost and never done twice: not when PostgreSQL stalls or refuses the actioner, not
 * when the actioner dies between the fold and the database, not when Redis loses its data before the recovery that
 * must undo a failover. Against real PostgreSQL, Redis and an HTTP receiver that counts what reactions send.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "cloudroutes.reactions.retry-backoff=50ms"})
@DirtiesContext
class DurableDecisionsTest {

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
    ReactionAttemptRepository attempts;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    DecisionLedger ledger;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    UserAccount owner;
    HttpReceiver receiver;
    ActionerFixtures fixtures;

    @BeforeEach
    void anOwnerAndAReceiver() throws IOException {
        redis = connection.sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        receiver = new HttpReceiver();
        fixtures = new ActionerFixtures(
                owner, teamRepository.personalTeamIdOf(owner.getId()), monitors, reactions, outbox, redis);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private CheckResult result(Monitor monitor, Status status) {
        return CheckResult.pushed(
                "webhook",
                monitor.getId(),
                ResultIds.newDelivery(),
                status,
                "reported " + status,
                System.currentTimeMillis());
    }

    private String liveStatus(Monitor monitor) {
        return redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS);
    }

    private List<String> transitions(Monitor monitor) {
        return events.findByMonitorIdOrderByOccurredAtDescIdDesc(monitor.getId(), Limit.of(50)).reversed().stream()
                .map(e -> e.getFromStatus() + "->" + e.getToStatus())
                .toList();
    }

    private List<ReactionRun> runsOf(Monitor monitor, ReactionConfig reaction) {
        return runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId());
    }

    @Test
    void aStalledDatabaseDoesNotStopTheFoldAndTheTransitionAndItsRunAreRecordedOnceWhenItAnswersAgain()
            throws SQLException {
        ReactionConfig page = fixtures.webhookOnFailure(receiver, "/stalled");
        Monitor monitor = fixtures.monitor("checkout", page);
        ActionerInfrastructure.appendAndAwaitHandled(redis, result(monitor, Status.HEALTHY));

        CheckResult failure = result(monitor, Status.FAILED);
        try (Connection stall = infrastructure.superuser()) {
            stall.setAutoCommit(false);
            try (Statement lock = stall.createStatement()) {
                // what a long migration or a vacuum full does: nobody reads or writes these tables meanwhile
                lock.execute("lock table events, reaction_jobs in access exclusive mode");
            }
            // live status stays fresh: the result is folded and acknowledged without waiting for the database
            ActionerInfrastructure.appendAndAwaitFolded(redis, failure);
            assertThat(liveStatus(monitor)).isEqualTo("FAILED");
            ActionerInfrastructure.appendAndAwaitFolded(redis, failure); // a redelivery changes nothing
            assertThat(redis.zcard(RedisKeys.DECISIONS_PENDING)).isEqualTo(1);
            assertThat(receiver.hits("/stalled")).isZero();
            stall.rollback();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> runsOf(monitor, page).size() == 1);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        assertThat(runsOf(monitor, page)).extracting(ReactionRun::getOutcome).containsExactly(ReactionOutcome.EXECUTED);
        assertThat(receiver.hits("/stalled")).isEqualTo(1);
        assertThat(redis.zcard(RedisKeys.DECISIONS_PENDING)).isZero();
    }

    @Test
    void decisionsWaitInRedisWhileTheDatabaseRefusesTheActionerAndAreWrittenOnceWhenItIsBack() throws SQLException {
        ReactionConfig page = fixtures.webhookOnFailure(receiver, "/refused");
        Monitor monitor = fixtures.monitor("checkout", page);
        ActionerInfrastructure.appendAndAwaitHandled(redis, result(monitor, Status.HEALTHY));

        try (Connection superuser = infrastructure.superuser();
                Statement sql = superuser.createStatement()) {
            String app = TestDatabase.APP.username();
            sql.execute("alter role \"" + app + "\" nologin");
            sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + app + "'");
            try {
                ActionerInfrastructure.appendAndAwaitFolded(redis, result(monitor, Status.FAILED));
                ActionerInfrastructure.appendAndAwaitFolded(redis, result(monitor, Status.HEALTHY));
                assertThat(liveStatus(monitor)).isEqualTo("HEALTHY");
                assertThat(redis.zcard(RedisKeys.DECISIONS_PENDING)).isEqualTo(2);
            } finally {
                sql.execute("alter role \"" + app + "\" login");
            }
        }

        await().atMost(Duration.ofSeconds(45))
                .ignoreExceptions()
                .until(() -> transitions(monitor).size() == 3
                        && runsOf(monitor, page).size() == 1);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED", "FAILED->HEALTHY");
        assertThat(receiver.hits("/refused")).isEqualTo(1);
    }

    @Test
    void aDecisionFoldedByAnActionerThatDiedBeforeWritingItIsWrittenOnceByTheNextOne() {
        ReactionConfig page = fixtures.webhookOnFailure(receiver, "/crash");
        Monitor monitor = fixtures.monitor("checkout", page);
        ledger.stop(); // the actioner dies right after the fold: nothing of it reaches PostgreSQL
        CheckResult failure = result(monitor, Status.FAILED);
        try {
            ActionerInfrastructure.appendAndAwaitFolded(redis, failure);
            assertThat(redis.zcard(RedisKeys.DECISIONS_PENDING)).isEqualTo(1);
            assertThat(transitions(monitor)).isEmpty();
        } finally {
            ledger.start(); // the restarted (or any other) actioner
        }
        ActionerInfrastructure.appendAndAwaitFolded(redis, failure); // the worker sends it again: a duplicate

        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(monitor, page).size() == 1);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->FAILED");
        assertThat(receiver.hits("/crash")).isEqualTo(1);
    }

    @Test
    void aFailoverIsUndoneAfterRedisLostItsDataAndAFailedRestoreIsTriedAgain(@Autowired RebuildAccess rebuild) {
        ReactionConfig pagerDuty =
                new ReactionConfig(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "page", "pagerduty");
        pagerDuty.setSettings(
                Map.of("routingKey", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12", "eventsUrl", receiver.url("/pagerduty")));
        ReactionConfig incident = reactions.save(pagerDuty);
        Monitor monitor = fixtures.monitor("checkout", incident);
        ActionerInfrastructure.appendAndAwaitHandled(redis, result(monitor, Status.FAILED));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runsOf(monitor, incident).size() == 1);

        infrastructure.flushRedis();
        rebuild.run();
        receiver.answer("/pagerduty", List.of(503));
        ActionerInfrastructure.appendAndAwaitHandled(redis, result(monitor, Status.HEALTHY));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> runsOf(monitor, incident).size() == 2);
        ReactionRun restore = runsOf(monitor, incident).getLast();
        assertThat(restore.isRestore()).isTrue();
        assertThat(restore.getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(attempts.findByRunIdOrderByAttemptAsc(restore.getId()))
                .extracting(ReactionAttempt::getOutcome)
                .containsExactly(ReactionOutcome.FAILED, ReactionOutcome.EXECUTED);
        assertThat(receiver.hits("/pagerduty")).isEqualTo(3);
    }

    /** An upgrade test: it passes on the version before reaction jobs too, and keeps its promise after them. */
    @Test
    void aFailoverAVersionBeforeReactionJobsRememberedInRedisIsUndoneAtTheNextRecovery() {
        Monitor monitor = fixtures.monitor("checkout");
        ActionerInfrastructure.appendAndAwaitHandled(redis, result(monitor, Status.FAILED));
        // the older actioner failed it over and remembered so in Redis only
        ReactionConfig pagerDuty =
                new ReactionConfig(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "page", "pagerduty");
        pagerDuty.setSettings(Map.of(
                "routingKey", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12", "eventsUrl", receiver.url("/pagerduty-before")));
        ReactionConfig incident = reactions.save(pagerDuty);
        Monitor attached = monitors.findWithReactions(monitor.getId()).orElseThrow();
        attached.getReactions().add(incident);
        monitors.save(attached);
        redis.sadd(RedisKeys.restore(monitor.getId()), String.valueOf(incident.getId()));

        ActionerInfrastructure.appendAndAwaitHandled(redis, result(monitor, Status.HEALTHY));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> runsOf(monitor, incident).size() == 1);
        assertThat(runsOf(monitor, incident).getFirst().isRestore()).isTrue();
        assertThat(runsOf(monitor, incident).getFirst().getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(receiver.hits("/pagerduty-before")).isEqualTo(1);
        assertThat(redis.exists(RedisKeys.restore(monitor.getId()))).isZero();
    }
}
