package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
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
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A notification on both changes ({@code callOn BOTH}) tells of the failure and of the recovery that ends it, through
 * a real SMTP server: one email reaction is enough for on-call to hear that the site is back.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "cloudroutes.public-url=https://cr.example.com"})
@DirtiesContext
class RecoveryNoticeTest {

    @Autowired
    TeamRepository teamRepository;

    @RegisterExtension
    static GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
        registry.add("cloudroutes.smtp.host", () -> "127.0.0.1");
        registry.add("cloudroutes.smtp.port", () -> smtp.getSmtp().getPort());
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
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    UserAccount owner;

    @BeforeEach
    void anOwnerAndAnEmptyMailbox() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        redis = connection.sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
    }

    private ReactionConfig mailBothWays(int frequencySeconds) {
        ReactionConfig reaction = new ReactionConfig(
                teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "tell on-call", "email");
        reaction.setSettings(Map.of("to", "oncall@example.com"));
        reaction.setCallOn(CallOn.BOTH);
        reaction.setFrequencySeconds(frequencySeconds);
        return reactions.save(reaction);
    }

    private ActionerFixtures fixtures() {
        return new ActionerFixtures(
                owner, teamRepository.personalTeamIdOf(owner.getId()), monitors, reactions, outbox, redis);
    }

    private Monitor monitor(String name, ReactionConfig attached) {
        return fixtures().monitor(name, attached);
    }

    private void report(Monitor monitor, Status status, String reason) {
        fixtures().report(monitor, status, reason);
    }

    private List<ReactionRun> runsOf(Monitor monitor, ReactionConfig reaction) {
        return runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId());
    }

    /** Runs are recorded when they end; waiting for each keeps the record in the order of the changes. */
    private void awaitRuns(Monitor monitor, ReactionConfig reaction, int count) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runsOf(monitor, reaction).size() == count);
    }

    @Test
    void oneReactionOnBothChangesMailsTheFailureAndThenTheRecovery() {
        ReactionConfig tell = mailBothWays(0);
        Monitor monitor = monitor("checkout-api", tell);
        report(monitor, Status.HEALTHY, "HTTP 200 in 12 ms");
        report(monitor, Status.FAILED, "connection refused");
        awaitRuns(monitor, tell, 1);

        report(monitor, Status.HEALTHY, "HTTP 200 in 14 ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(monitor, tell).size() == 2);
        assertThat(ActionerFixtures.subjects(smtp))
                .containsExactly("[CloudRoutes] checkout-api is FAILED", "[CloudRoutes] checkout-api recovered");
        MimeMessage recovery = smtp.getReceivedMessages()[1];
        assertThat(GreenMailUtil.getBody(recovery))
                .contains("checkout-api recovered: it is HEALTHY again (was FAILED).")
                .contains("HTTP 200 in 14 ms")
                .contains("https://cr.example.com/monitors/" + monitor.getId());
        assertThat(runsOf(monitor, tell))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.EXECUTED, ReactionOutcome.EXECUTED);
    }

    @Test
    void aFirstHealthyResultIsNoRecoveryAndSendsNothing() {
        ReactionConfig tell = mailBothWays(0);
        Monitor monitor = monitor("new-service", tell);
        report(monitor, Status.HEALTHY, "HTTP 200 in 12 ms");
        report(monitor, Status.FAILED, "connection refused");
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(monitor, tell).size() == 1);
        assertThat(ActionerFixtures.subjects(smtp)).containsExactly("[CloudRoutes] new-service is FAILED");
    }

    @Test
    void theFrequencyLimitsFailureNoticesAndEachFailureNoticeSentGetsItsRecoveryNotice() {
        ReactionConfig tell = mailBothWays(3600);
        Monitor monitor = monitor("flappy", tell);
        report(monitor, Status.HEALTHY, "up");
        report(monitor, Status.FAILED, "down");
        awaitRuns(monitor, tell, 1);
        report(monitor, Status.HEALTHY, "up"); // recovery notice: not held back by the failure notice's slot
        awaitRuns(monitor, tell, 2);
        report(monitor, Status.FAILED, "down"); // within the hour: skipped
        awaitRuns(monitor, tell, 3);
        report(monitor, Status.HEALTHY, "up"); // nobody was told of that failure: no recovery notice either
        awaitRuns(monitor, tell, 4);

        assertThat(runsOf(monitor, tell))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(
                        ReactionOutcome.EXECUTED,
                        ReactionOutcome.EXECUTED,
                        ReactionOutcome.SKIPPED,
                        ReactionOutcome.SKIPPED);
        assertThat(runsOf(monitor, tell).get(2).getOutput()).isEqualTo("ran less than 3600 s ago (frequency 3600 s)");
        assertThat(runsOf(monitor, tell).get(3).getOutput())
                .isEqualTo("not run: this reaction told of no failure of "
                        + "flappy since its last recovery notice (a failure notice skipped by the frequency limit, or a failure "
                        + "shorter than the trigger, gets no recovery notice)");
        assertThat(ActionerFixtures.subjects(smtp))
                .containsExactly("[CloudRoutes] flappy is FAILED", "[CloudRoutes] flappy recovered");
    }

    @Test
    void aRecoveryDecidedWhileTheFailureNoticeIsStillBeingSentGetsItsRecoveryNotice() {
        ReactionConfig tell = mailBothWays(0);
        Monitor monitor = monitor("blip", tell);
        report(monitor, Status.HEALTHY, "up");
        report(monitor, Status.FAILED, "down");
        report(monitor, Status.HEALTHY, "up"); // no waiting for the failure notice to be sent

        awaitRuns(monitor, tell, 2);
        assertThat(runsOf(monitor, tell))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.EXECUTED, ReactionOutcome.EXECUTED);
        assertThat(ActionerFixtures.subjects(smtp))
                .containsExactlyInAnyOrder("[CloudRoutes] blip is FAILED", "[CloudRoutes] blip recovered");
    }
}
