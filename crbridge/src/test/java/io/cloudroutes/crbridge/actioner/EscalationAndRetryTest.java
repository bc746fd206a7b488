package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.ReactionAttempt;
import io.cloudroutes.store.history.ReactionAttemptRepository;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * How the actioner runs reactions over time, against real PostgreSQL, Redis and an HTTP receiver: transient
 * failures are retried and every attempt kept; escalation steps wait, and run only while the monitor still fails.
 */
@SpringBootTest(
        classes = {CrbridgeApplication.class, ActionerInfrastructure.MovableClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "cloudroutes.reactions.retry-backoff=50ms"})
@DirtiesContext
class EscalationAndRetryTest {

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
    ReactionConfigRepository reactions;

    @Autowired
    ReactionRunRepository runs;

    @Autowired
    ReactionAttemptRepository attempts;

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

    private String url(String path) {
        return receiver.url(path);
    }

    private int hits(String path) {
        return receiver.hits(path);
    }

    private ReactionConfig webhook(String name, String path, int step, int waitSeconds) {
        ReactionConfig reaction =
                new ReactionConfig(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), name, "webhook");
        reaction.setSettings(Map.of("url", url(path)));
        reaction.setCallOn(CallOn.FAILED);
        reaction.setEscalationStep(step);
        reaction.setEscalationWaitSeconds(waitSeconds);
        return reactions.save(reaction);
    }

    /** A webhook-fed monitor (never scheduled) that fails and recovers on one result. */
    private Monitor monitor(ReactionConfig... attached) {
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "checkout", "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setFailThreshold(1);
        monitor.setRecoverThreshold(1);
        monitor.setReactions(Set.of(attached));
        monitor = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(monitor.getId()));
        long id = monitor.getId();
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(RedisKeys.monitor(id)) == 1);
        return monitor;
    }

    /** Appends a result to the durable stream, as crweb does for a webhook, and waits until it was handled. */
    private void report(Monitor monitor, Status status) {
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.pushed(
                        "webhook",
                        monitor.getId(),
                        ResultIds.newDelivery(),
                        status,
                        "reported " + status,
                        clock.millis()));
    }

    private List<ReactionRun> runsOf(Monitor monitor) {
        return runs.findByMonitorIdOrderByStartedAtDescIdDesc(monitor.getId(), Limit.of(50))
                .reversed();
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffAndEveryAttemptIsKept() {
        receiver.answer("/flaky", List.of(503, 503));
        ReactionConfig flaky = webhook("page ops", "/flaky", 1, 0);
        Monitor monitor = monitor(flaky);
        report(monitor, Status.FAILED);

        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(monitor).size() == 1);
        ReactionRun run = runsOf(monitor).getFirst();
        assertThat(run.getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(run.getAttempts()).isEqualTo(3);
        assertThat(run.getOutput()).startsWith("attempt 3 of 3: HTTP 200");
        assertThat(attempts.findByRunIdOrderByAttemptAsc(run.getId()))
                .extracting(ReactionAttempt::getOutcome, ReactionAttempt::isRetryable)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ReactionOutcome.FAILED, true),
                        org.assertj.core.groups.Tuple.tuple(ReactionOutcome.FAILED, true),
                        org.assertj.core.groups.Tuple.tuple(ReactionOutcome.EXECUTED, false));
        assertThat(hits("/flaky")).isEqualTo(3);
    }

    @Test
    void aFirstStepsFirstAttemptRecordsHowLongAfterTheCheckThatMadeItDueItStarted(@Autowired MeterRegistry meters) {
        Timer detectionToReaction =
                meters.get("cloudroutes.actioner.detection.to.reaction").timer();
        Timer detectionToFold =
                meters.get("cloudroutes.actioner.detection.to.fold").timer();
        Timer detectionToDecision =
                meters.get("cloudroutes.actioner.detection.to.decision").timer();
        double claimedBefore =
                meters.get("cloudroutes.actioner.jobs.claimed").counter().count();
        long before = detectionToReaction.count();
        long foldsBefore = detectionToFold.count();
        long decisionsBefore = detectionToDecision.count();
        double totalBefore = detectionToReaction.totalTime(TimeUnit.MILLISECONDS);
        receiver.answer("/timed", List.of(503));
        Monitor monitor = monitor(webhook("page", "/timed", 1, 0), webhook("then", "/timed-later", 2, 1));
        // the check began 65 ms before now, by the actioner's (fixed) clock, and took 25 ms: its result was known
        // 40 ms before now, and CloudRoutes' time to react counts from then
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.checked(
                        ResultIds.newJob(),
                        monitor.getId(),
                        MonitorDefinition.DEFAULT_ZONE,
                        "worker",
                        Status.FAILED,
                        "refused",
                        25,
                        clock.millis() - 65));

        await().atMost(Duration.ofSeconds(15)).until(() -> runsOf(monitor).size() == 2);
        // one record: not the retry of the first step, nor the second step (each waits on purpose)
        assertThat(detectionToReaction.count()).isEqualTo(before + 1);
        assertThat(detectionToReaction.totalTime(TimeUnit.MILLISECONDS) - totalBefore)
                .isEqualTo(40.0);
        // and its parts: the transition's fold, and its first step's job written; each once, by the same clock
        assertThat(detectionToFold.count()).isEqualTo(foldsBefore + 1);
        assertThat(detectionToDecision.count()).isEqualTo(decisionsBefore + 1);
        assertThat(detectionToDecision.max(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
        assertThat(detectionToFold.max(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
        // the first step's first attempt ran on the actioner that wrote its job, without a claim; its retry and the
        // second step, due later, were claimed
        assertThat(meters.get("cloudroutes.actioner.jobs.claimed").counter().count())
                .isEqualTo(claimedBefore + 2);
    }

    @Test
    void aFailureThatWouldFailAgainIsNotRetried() {
        receiver.answer("/gone", List.of(404, 404, 404));
        Monitor monitor = monitor(webhook("old hook", "/gone", 1, 0));
        report(monitor, Status.FAILED);

        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(monitor).size() == 1);
        ReactionRun run = runsOf(monitor).getFirst();
        assertThat(run.getOutcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(run.getAttempts()).isEqualTo(1);
        assertThat(hits("/gone")).isEqualTo(1);
    }

    @Test
    void aLaterStepWaitsItsTimeAndRunsWhileTheMonitorStillFails() {
        Monitor monitor = monitor(webhook("restart", "/restart", 1, 0), webhook("fail over", "/failover", 2, 2));
        report(monitor, Status.FAILED);

        await().atMost(Duration.ofSeconds(15)).until(() -> runsOf(monitor).size() == 2);
        assertThat(runsOf(monitor))
                .extracting(ReactionRun::getReactionName, ReactionRun::getOutcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("restart", ReactionOutcome.EXECUTED),
                        org.assertj.core.groups.Tuple.tuple("fail over", ReactionOutcome.EXECUTED));
        // the second step waited its 2 s after the first one was done
        assertThat(Duration.between(
                        runsOf(monitor).get(0).getFinishedAt(),
                        runsOf(monitor).get(1).getStartedAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(hits("/restart")).isEqualTo(1);
        assertThat(hits("/failover")).isEqualTo(1);
    }

    @Test
    void aLaterStepIsSkippedWhenTheMonitorRecoveredBeforeItsTime() {
        Monitor monitor = monitor(webhook("restart", "/restart2", 1, 0), webhook("fail over", "/failover2", 2, 5));
        report(monitor, Status.FAILED);
        await().atMost(Duration.ofSeconds(10)).until(() -> hits("/restart2") == 1);
        report(monitor, Status.HEALTHY);

        await().atMost(Duration.ofSeconds(15)).until(() -> runsOf(monitor).size() == 2);
        ReactionRun skipped = runsOf(monitor).getLast();
        assertThat(skipped.getReactionName()).isEqualTo("fail over");
        assertThat(skipped.getOutcome()).isEqualTo(ReactionOutcome.SKIPPED);
        assertThat(skipped.getOutput())
                .isEqualTo("not run: checkout was no longer FAILED when this escalation step was due");
        assertThat(hits("/failover2")).isZero();
    }

    @Test
    void anEmailWithNoSmtpServerToSendThroughIsRecordedAsLoggedNotSkippedAndNotRetried(
            @Autowired MeterRegistry meters) {
        ReactionConfig mail =
                new ReactionConfig(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "mail ops", "email");
        mail.setSettings(Map.of("to", "ops@example.com"));
        mail.setCallOn(CallOn.FAILED);
        Monitor monitor = monitor(reactions.save(mail));
        report(monitor, Status.FAILED);

        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(monitor).size() == 1);
        ReactionRun run = runsOf(monitor).getFirst();
        assertThat(run.getOutcome()).isEqualTo(ReactionOutcome.LOGGED);
        assertThat(run.getAttempts()).isEqualTo(1);
        assertThat(run.getOutput())
                .startsWith(
                        "no SMTP server configured (set CLOUDROUTES_SMTP_HOST): the message was "
                                + "written to the log, not sent:\nto ops@example.com\nsubject: [CloudRoutes] checkout is FAILED");
        assertThat(attempts.findByRunIdOrderByAttemptAsc(run.getId()))
                .extracting(ReactionAttempt::getOutcome)
                .containsExactly(ReactionOutcome.LOGGED);
        assertThat(meters.get("cloudroutes.actioner.reaction.runs")
                        .tag("type", "email")
                        .tag("outcome", "LOGGED")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
