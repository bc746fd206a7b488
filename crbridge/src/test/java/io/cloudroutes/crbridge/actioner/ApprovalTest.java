package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.HeldApprovals;
import io.cloudroutes.store.reaction.OnApprovalTimeout;
import io.cloudroutes.store.reaction.ReactionConfig;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A reaction that needs a person's approval: its run is held, the request goes once to the team's on-call people (and
 * to the monitor's Slack), and the run goes ahead only when approved, or at its time limit as the reaction says.
 * Against real PostgreSQL, Redis, SMTP and an HTTP receiver on loopback; the time limit on the {@link
 * ActionerInfrastructure.TestClock}, set to the real time first, so that a second actioner (on the system clock) sees
 * the same time limits as not yet passed.
 */
class ApprovalTest extends ActionerOnTestClock {

    private static final Pattern LINK = Pattern.compile("https://cr\\.example\\.com/approvals/([A-Za-z0-9_-]{43})");

    @Autowired
    PlatformTransactionManager transactionManager;

    HeldApprovals approvals;

    @BeforeEach
    void realTimeAndTheApprovals() {
        clock.set(Instant.now());
        approvals = new HeldApprovals(jdbc, transactionManager);
    }

    private ReactionConfig failoverNeedingApproval(OnApprovalTimeout then) {
        ReactionConfig reaction =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "fail over", "http-request");
        reaction.setSettings(Map.of("method", "POST", "url", receiver.url("/failover")));
        reaction.setCallOn(CallOn.FAILED);
        reaction.setApprovalRequired(true);
        reaction.setApprovalTimeoutSeconds(600);
        reaction.setOnApprovalTimeout(then);
        return reactions.save(reaction);
    }

    /** The monitor fails, and its failover is held for approval: returns the held job's id. */
    private long failedAndHeld(Monitor api, ReactionConfig failover, String heldReason) {
        fixtures.report(api, Status.HEALTHY, "up");
        fixtures.report(api, Status.FAILED, "HTTP 502");
        assertThat(runLog.await(api, failover, 1)).singleElement().satisfies(run -> {
            assertThat(run.getOutcome()).isEqualTo(ReactionOutcome.HELD);
            assertThat(run.getOutput()).isEqualTo(heldReason);
        });
        return jdbc.queryForObject(
                "select id from reaction_jobs where monitor_id = ? and held_kind = 'APPROVAL'",
                Long.class,
                api.getId());
    }

    private MimeMessage theRequest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length >= 1);
        return smtp.getReceivedMessages()[0];
    }

    private void nothingMoreReaches(String path, int hits) {
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> receiver.hits(path) == hits);
    }

    @Test
    void approvedInTimeItRunsExactlyOnceAndTheRequestIsSentOnce() throws Exception {
        ReactionConfig failover = failoverNeedingApproval(OnApprovalTimeout.SKIP);
        Monitor api = fixtures.monitor("api", failover);
        try (ConfigurableApplicationContext second = infrastructure.anotherActioner(
                // the request goes out from whichever actioner records it first: both send mail alike
                "cloudroutes.smtp.host=127.0.0.1",
                "cloudroutes.smtp.port=" + smtp.getSmtp().getPort(),
                "cloudroutes.public-url=https://cr.example.com")) {
            long jobId = failedAndHeld(
                    api, failover, "held: waiting for a person's approval for 10 min; unanswered, it is skipped");

            MimeMessage request = theRequest();
            assertThat(request.getSubject()).isEqualTo("[CloudRoutes] Approve \"fail over\" for api?");
            assertThat(request.getAllRecipients()[0].toString())
                    .isEqualTo(fixtures.owner().getEmail());
            String body = GreenMailUtil.getBody(request);
            assertThat(body).contains("api is FAILED: HTTP 502").contains("unanswered, it is skipped");
            Matcher link = LINK.matcher(body);
            assertThat(link.find()).as(body).isTrue();
            // only the hash of the link's token is kept
            assertThat(jdbc.queryForObject(
                            "select token_hash from approval_requests where job_id = ?", String.class, jobId))
                    .isEqualTo(HeldApprovals.hash(link.group(1)))
                    .isNotEqualTo(link.group(1));
            assertThat(receiver.hits("/failover")).isZero();

            assertThat(approvals.decide(jobId, fixtures.teamId(), true, "alice@example.com", clock.instant()))
                    .isTrue();
            assertThat(approvals.decide(jobId, fixtures.teamId(), true, "bob@example.com", clock.instant()))
                    .isFalse(); // decided once

            List<ReactionRun> runs = runLog.await(api, failover, 2);
            assertThat(runs.get(1).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
            assertThat(runs.get(1).getOutput()).startsWith("held, now run: released by alice@example.com; ");
            nothingMoreReaches("/failover", 1);
            assertThat(smtp.getReceivedMessages()).hasSize(1); // one request, though two actioners watch
        }
    }

    @Test
    void unansweredWithRunItRunsAtTheTimeLimit() {
        ReactionConfig failover = failoverNeedingApproval(OnApprovalTimeout.RUN);
        Monitor api = fixtures.monitor("api", failover);
        failedAndHeld(api, failover, "held: waiting for a person's approval for 10 min; unanswered, it runs");
        theRequest();

        clock.set(clock.instant().plus(Duration.ofMinutes(9)));
        nothingMoreReaches("/failover", 0);

        clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        List<ReactionRun> runs = runLog.await(api, failover, 2);
        assertThat(runs.get(1).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(runs.get(1).getOutput())
                .startsWith("held, now run: released by approval timed out: runs as configured; ");
        nothingMoreReaches("/failover", 1);
    }

    @Test
    void unansweredWithSkipItIsRecordedSkippedAndNothingRuns() {
        ReactionConfig failover = failoverNeedingApproval(OnApprovalTimeout.SKIP);
        Monitor api = fixtures.monitor("api", failover);
        long jobId = failedAndHeld(
                api, failover, "held: waiting for a person's approval for 10 min; unanswered, it is skipped");
        theRequest();

        clock.set(clock.instant().plus(Duration.ofMinutes(10)));

        List<ReactionRun> runs = runLog.await(api, failover, 2);
        assertThat(runs.get(1).getOutcome()).isEqualTo(ReactionOutcome.SKIPPED);
        assertThat(runs.get(1).getOutput()).isEqualTo("approval timed out after 10 min");
        nothingMoreReaches("/failover", 0);
        assertThat(approvals.decide(jobId, fixtures.teamId(), true, "alice@example.com", clock.instant()))
                .isFalse(); // too late
    }

    @Test
    void deniedItIsRecordedSkippedWithWhoDeniedIt() {
        ReactionConfig failover = failoverNeedingApproval(OnApprovalTimeout.RUN);
        Monitor api = fixtures.monitor("api", failover);
        long jobId =
                failedAndHeld(api, failover, "held: waiting for a person's approval for 10 min; unanswered, it runs");

        assertThat(approvals.decide(jobId, fixtures.teamId(), false, "bob@example.com", clock.instant()))
                .isTrue();

        List<ReactionRun> runs = runLog.await(api, failover, 2);
        assertThat(runs.get(1).getOutcome()).isEqualTo(ReactionOutcome.SKIPPED);
        assertThat(runs.get(1).getOutput()).isEqualTo("denied by bob@example.com");
        clock.set(clock.instant().plus(Duration.ofMinutes(11))); // the time limit changes nothing now
        nothingMoreReaches("/failover", 0);
        assertThat(runLog.of(api, failover)).hasSize(2);
    }

    @Test
    void theMonitorRecoversFirstSoItNeverRuns() {
        ReactionConfig failover = failoverNeedingApproval(OnApprovalTimeout.RUN);
        Monitor api = fixtures.monitor("api", failover);
        String reason = "held: waiting for a person's approval for 10 min; unanswered, it runs";
        long jobId = failedAndHeld(api, failover, reason);

        fixtures.report(api, Status.HEALTHY, "HTTP 200");

        List<ReactionRun> runs = runLog.await(api, failover, 2);
        assertThat(runs.get(1).getOutcome()).isEqualTo(ReactionOutcome.SKIPPED);
        assertThat(runs.get(1).getOutput()).isEqualTo("not run: api recovered while held (" + reason + ")");
        assertThat(approvals.decide(jobId, fixtures.teamId(), true, "alice@example.com", clock.instant()))
                .isFalse();
        clock.set(clock.instant().plus(Duration.ofMinutes(11)));
        nothingMoreReaches("/failover", 0);
    }

    @Test
    void anotherTeamCannotDecideTheRun() {
        ReactionConfig failover = failoverNeedingApproval(OnApprovalTimeout.SKIP);
        Monitor api = fixtures.monitor("api", failover);
        long jobId = failedAndHeld(
                api, failover, "held: waiting for a person's approval for 10 min; unanswered, it is skipped");
        long otherTeam = crbridge.forNewOwner("other").teamId();

        assertThat(approvals.decide(jobId, otherTeam, true, "mallory@example.com", clock.instant()))
                .isFalse();
        assertThat(approvals.byJob(jobId, otherTeam)).isEmpty();
        nothingMoreReaches("/failover", 0);
    }

    @Test
    void theRequestAlsoGoesToTheMonitorsSlack() {
        ReactionConfig failover = failoverNeedingApproval(OnApprovalTimeout.SKIP);
        ReactionConfig slack =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "chat", "slack");
        slack.setSettings(Map.of("webhookUrl", receiver.url("/slack")));
        slack.setCallOn(CallOn.HEALTHY); // its own message comes at recoveries: the one on a failure is the request
        slack = reactions.save(slack);
        Monitor api = fixtures.monitor("api", failover, slack);
        failedAndHeld(api, failover, "held: waiting for a person's approval for 10 min; unanswered, it is skipped");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.hits("/slack") == 1);
        nothingMoreReaches("/slack", 1);
    }
}
