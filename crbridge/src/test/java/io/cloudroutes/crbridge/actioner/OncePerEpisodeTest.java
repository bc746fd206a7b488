package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
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
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * A reaction's trigger is reached once per episode: results that do not move the monitor's count of agreeing results
 * (a monitor held by hand whose checks say otherwise, a zone that does not vote, an outvoted zone) run nothing again,
 * however many arrive, until the next transition. Against real PostgreSQL, Redis and an HTTP receiver that counts the
 * requests each reaction sends.
 */
@SpringBootTest(
        classes = {CrbridgeApplication.class, ActionerInfrastructure.MovableClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=crbridge")
@DirtiesContext
class OncePerEpisodeTest {

    @Autowired
    TeamRepository teamRepository;

    /** How many results follow the one that made a reaction due; each of them re-ran it before. */
    private static final int FURTHER_RESULTS = 6;

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
    HttpReceiver receiver;

    @BeforeEach
    void anOwnerAndAReceiver() throws IOException {
        redis = connection.sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        clock.set(Instant.parse("2026-11-25T10:00:00Z"));
        receiver = new HttpReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private int hits(String path) {
        return receiver.hits(path);
    }

    private ReactionConfig webhook(String path, CallOn callOn, int trigger) {
        ReactionConfig reaction = new ReactionConfig(
                teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "POST " + path, "webhook");
        reaction.setSettings(Map.of("url", receiver.url(path)));
        reaction.setCallOn(callOn);
        reaction.setTriggerCount(trigger);
        return reactions.save(reaction);
    }

    /** A webhook-fed monitor (never scheduled) that fails and recovers on one result of a zone. */
    private Monitor monitor(List<String> zones, Quorum quorum, ReactionConfig... attached) {
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "checkout", "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(1);
        monitor.setRecoverThreshold(1);
        monitor.setZones(zones);
        monitor.setQuorum(quorum);
        monitor.setReactions(Set.of(attached));
        Monitor saved = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(saved.getId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(saved.getId())) == 1);
        return saved;
    }

    private Monitor monitor(ReactionConfig... attached) {
        return monitor(List.of("default"), Quorum.MAJORITY, attached);
    }

    private void report(Monitor monitor, Status status, String zone) {
        report(monitor, status, zone, false);
    }

    private void report(Monitor monitor, Status status, String zone, boolean abstaining) {
        String jobId = ResultIds.newJob();
        String worker = "worker-" + zone;
        String reason = (status == Status.FAILED ? "HTTP 503" : "HTTP 200") + " from " + zone;
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                abstaining
                        ? CheckResult.abstained(jobId, monitor.getId(), zone, worker, status, reason, 3, clock.millis())
                        : CheckResult.checked(jobId, monitor.getId(), zone, worker, status, reason, 3, clock.millis()));
    }

    /** Holds the monitor at a status by hand (null releases it) as crweb does, and waits until Redis has it. */
    private void hold(Monitor monitor, Status status) {
        Monitor stored = monitors.findById(monitor.getId()).orElseThrow();
        stored.override(status, status == null ? null : "ops@example.com");
        monitors.save(stored);
        outbox.save(OutboxEntry.upsert(stored.getId()));
        String expected = status == null ? "\"override\":null" : "\"override\":\"" + status + "\"";
        await().atMost(Duration.ofSeconds(10))
                .until(() -> redis.hget(RedisKeys.monitor(monitor.getId()), RedisKeys.MONITOR_DEFINITION_FIELD)
                        .contains(expected));
    }

    private List<String> transitions(Monitor monitor) {
        return events.findByMonitorIdOrderByOccurredAtDescIdDesc(monitor.getId(), Limit.of(50)).reversed().stream()
                .map(e -> e.getFromStatus() + "->" + e.getToStatus())
                .toList();
    }

    private List<ReactionOutcome> outcomes(Monitor monitor, ReactionConfig reaction) {
        return runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId()).stream()
                .map(ReactionRun::getOutcome)
                .toList();
    }

    @Test
    void holdingAMonitorAtFailedRunsItsFailedReactionsOnceWhileItsChecksKeepSayingHealthy() {
        ReactionConfig failover = webhook("/failover", CallOn.FAILED, 1);
        ReactionConfig recovered = webhook("/recovered", CallOn.HEALTHY, 1);
        Monitor monitor = monitor(failover, recovered);
        report(monitor, Status.HEALTHY, "default");

        hold(monitor, Status.FAILED);
        for (int i = 0; i <= FURTHER_RESULTS; i++) {
            report(monitor, Status.HEALTHY, "default");
        }
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        assertThat(events.findFirstByMonitorIdOrderByIdDesc(monitor.getId()))
                .get()
                .extracting(MonitorEvent::getReason)
                .isEqualTo("held at FAILED by hand (the checks say: HTTP 200 from default)");

        // Released, it follows its checks again: the recovery runs once, and by then every run decided earlier has
        // reached the receiver.
        hold(monitor, null);
        report(monitor, Status.HEALTHY, "default");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        hits("/recovered") == 1 && outcomes(monitor, recovered).size() == 1);
        assertThat(hits("/failover")).isEqualTo(1);
        assertThat(outcomes(monitor, failover)).containsExactly(ReactionOutcome.EXECUTED);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED", "FAILED->HEALTHY");
    }

    @Test
    void holdingAFailingMonitorAtHealthyRunsItsRecoveryAndItsRestoreOnceWhileItsChecksKeepFailing() {
        ReactionConfig down = webhook("/down", CallOn.FAILED, 1);
        ReactionConfig back = webhook("/back", CallOn.HEALTHY, 1);
        ReactionConfig pagerDuty =
                new ReactionConfig(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "page", "pagerduty");
        pagerDuty.setSettings(
                Map.of("routingKey", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12", "eventsUrl", receiver.url("/pagerduty")));
        ReactionConfig incident = reactions.save(pagerDuty);
        Monitor monitor = monitor(down, back, incident);
        report(monitor, Status.FAILED, "default");
        // the incident it opened is to be resolved on recovery
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outcomes(monitor, incident).size() == 1);

        hold(monitor, Status.HEALTHY);
        for (int i = 0; i <= FURTHER_RESULTS; i++) {
            report(monitor, Status.FAILED, "default");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> hits("/pagerduty") == 2
                        && runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), incident.getId())
                                        .size()
                                == 2);

        hold(monitor, null);
        report(monitor, Status.FAILED, "default");
        await().atMost(Duration.ofSeconds(10)).until(() -> hits("/down") == 2 && hits("/pagerduty") == 3);
        assertThat(hits("/back")).isEqualTo(1);
        assertThat(outcomes(monitor, back)).containsExactly(ReactionOutcome.EXECUTED);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->FAILED", "FAILED->HEALTHY", "HEALTHY->FAILED");
    }

    @Test
    void resultsOfAZoneThatCannotReachItsCanaryRunNothingAgain() {
        ReactionConfig down = webhook("/zone-down", CallOn.FAILED, 1);
        ReactionConfig back = webhook("/zone-back", CallOn.HEALTHY, 1);
        Monitor monitor = monitor(List.of("eu", "us"), Quorum.ALL_HEALTHY, down, back);
        report(monitor, Status.HEALTHY, "eu");
        report(monitor, Status.HEALTHY, "us");
        report(monitor, Status.FAILED, "eu");
        for (int i = 0; i < FURTHER_RESULTS; i++) {
            report(monitor, Status.FAILED, "us", true);
        }

        report(monitor, Status.HEALTHY, "eu");
        await().atMost(Duration.ofSeconds(10)).until(() -> hits("/zone-back") == 1);
        assertThat(hits("/zone-down")).isEqualTo(1);
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED", "FAILED->HEALTHY");
    }

    @Test
    void resultsOfAnOutvotedZoneRunNothingAgain() {
        ReactionConfig down = webhook("/outvoted-down", CallOn.FAILED, 1);
        ReactionConfig back = webhook("/outvoted-back", CallOn.HEALTHY, 1);
        Monitor monitor = monitor(List.of("eu", "us"), Quorum.ALL_HEALTHY, down, back);
        report(monitor, Status.HEALTHY, "eu");
        report(monitor, Status.HEALTHY, "us");
        report(monitor, Status.FAILED, "eu"); // all-healthy: one failed zone fails the monitor
        for (int i = 0; i < FURTHER_RESULTS; i++) {
            report(monitor, Status.HEALTHY, "us"); // disagrees with FAILED, outvoted
        }

        report(monitor, Status.HEALTHY, "eu");
        await().atMost(Duration.ofSeconds(10)).until(() -> hits("/outvoted-back") == 1);
        assertThat(hits("/outvoted-down")).isEqualTo(1);
        assertThat(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("HEALTHY");
    }

    @Test
    void aLaterTriggerIsReachedOnceByTheResultsThatAgreeWhateverComesBetween() {
        ReactionConfig third = webhook("/third", CallOn.FAILED, 3);
        ReactionConfig back = webhook("/third-back", CallOn.HEALTHY, 1);
        Monitor monitor = monitor(List.of("eu", "us"), Quorum.ALL_HEALTHY, third, back);
        report(monitor, Status.HEALTHY, "eu");
        report(monitor, Status.HEALTHY, "us");
        report(monitor, Status.FAILED, "eu"); // FAILED, held for 1
        report(monitor, Status.HEALTHY, "us");
        report(monitor, Status.FAILED, "eu"); // held for 2
        assertThat(outcomes(monitor, third)).isEmpty();
        report(monitor, Status.FAILED, "eu"); // held for 3: due
        for (int i = 0; i < FURTHER_RESULTS; i++) {
            report(monitor, Status.HEALTHY, "us");
        }
        report(monitor, Status.FAILED, "eu"); // held for 4

        report(monitor, Status.HEALTHY, "eu");
        await().atMost(Duration.ofSeconds(10)).until(() -> hits("/third-back") == 1);
        assertThat(hits("/third")).isEqualTo(1);
        assertThat(outcomes(monitor, third)).containsExactly(ReactionOutcome.EXECUTED);
    }

    @Test
    void aMonitorHeldAtFailedParksItsNextEscalationStepOnceAndRunsItOnce() {
        ReactionConfig restart = webhook("/restart", CallOn.FAILED, 1);
        ReactionConfig failover = webhook("/step-failover", CallOn.FAILED, 1);
        failover.setEscalationStep(2);
        failover.setEscalationWaitSeconds(2);
        failover = reactions.save(failover);
        Monitor monitor = monitor(restart, failover);
        report(monitor, Status.HEALTHY, "default");
        hold(monitor, Status.FAILED);
        for (int i = 0; i <= FURTHER_RESULTS; i++) {
            report(monitor, Status.HEALTHY, "default");
        }
        ReactionConfig secondStep = failover;
        await().atMost(Duration.ofSeconds(15))
                .until(() -> hits("/step-failover") >= 1
                        && outcomes(monitor, secondStep).size() == 1);
        assertThat(hits("/restart")).isEqualTo(1);
        assertThat(hits("/step-failover")).isEqualTo(1);
    }
}
