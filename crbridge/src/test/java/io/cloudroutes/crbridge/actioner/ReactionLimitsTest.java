package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.quota.EmailQuota;
import io.cloudroutes.core.redis.RateWindow;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
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
 * What the actioner refuses to do for an account, and says so on the run: send more emails than the account's hourly
 * quota (counted in Redis with every other actioner and crweb), or use a secret copied in from another row.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "cloudroutes.quota.emails-per-hour=2"})
@DirtiesContext
class ReactionLimitsTest {

    @Autowired
    TeamRepository teamRepository;

    static final String KEY = SecretBox.newKey();

    @RegisterExtension
    static GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
        registry.add("cloudroutes.smtp.host", () -> "127.0.0.1");
        registry.add("cloudroutes.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("cloudroutes.secret-key", () -> KEY);
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

    private ReactionConfig reaction(UserAccount of, String type, Map<String, String> settings) {
        ReactionConfig reaction =
                new ReactionConfig(teamRepository.personalTeamIdOf(of.getId()), of.getId(), type + " on failure", type);
        reaction.setSettings(settings);
        reaction.setCallOn(CallOn.FAILED);
        reaction.setMaxAttempts(1);
        return reactions.save(reaction);
    }

    private Monitor monitor(UserAccount of, ReactionConfig attached) {
        return new ActionerFixtures(of, teamRepository.personalTeamIdOf(of.getId()), monitors, reactions, outbox, redis)
                .monitor("checkout-api", attached);
    }

    private void report(Monitor monitor, Status status) {
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.checked(
                        ResultIds.newJob(),
                        monitor.getId(),
                        "default",
                        "worker",
                        status,
                        status == Status.FAILED ? "connection refused" : "HTTP 200",
                        3,
                        System.currentTimeMillis()));
    }

    private List<ReactionRun> awaitRuns(Monitor monitor, ReactionConfig reaction, int count) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId())
                                .size()
                        == count);
        return runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId());
    }

    @Test
    void anEmailOverTheAccountsHourlyQuotaIsNotSentAndItsRunSaysSoPlainly() {
        // another actioner (or a test run in crweb) already sent one of this account's two emails of the hour
        assertThat(EmailQuota.take(RateWindow.in(redis), owner.getId(), 2, System.currentTimeMillis()))
                .isEmpty();
        ReactionConfig mail = reaction(owner, "email", Map.of("to", "oncall@example.com"));
        Monitor monitor = monitor(owner, mail);

        report(monitor, Status.FAILED);
        assertThat(awaitRuns(monitor, mail, 1).getLast().getOutcome()).isIn(ReactionOutcome.EXECUTED);
        report(monitor, Status.HEALTHY);
        report(monitor, Status.FAILED);
        ReactionRun refused = awaitRuns(monitor, mail, 2).getLast();

        assertThat(refused.getOutcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(refused.getOutput())
                .startsWith("Email not sent: this team's quota of emails is used up, 2 an "
                        + "hour (CLOUDROUTES_QUOTA_EMAILS_PER_HOUR=2); the next email can go in ");
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        UserAccount other = users.save(new UserAccount("other-" + UUID.randomUUID() + "@example.com", "x"));
        ReactionConfig othersMail = reaction(other, "email", Map.of("to", "them@example.com"));
        Monitor othersMonitor = monitor(other, othersMail);
        report(othersMonitor, Status.FAILED);
        assertThat(awaitRuns(othersMonitor, othersMail, 1).getLast().getOutcome())
                .as("the quota is per account")
                .isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aReactionWhoseSecretWasCopiedFromAnotherPersonsReactionFailsSayingWhy() {
        SecretBox box = SecretBox.fromBase64(KEY);
        String someoneElses = box.seal(
                SecretScope.reaction(owner.getId() + 1000, UUID.randomUUID().toString()),
                "webhookUrl",
                "https://hooks.slack.com/services/T0/B0/theirs");
        ReactionConfig slack = reaction(owner, "slack", Map.of("webhookUrl", someoneElses));
        Monitor monitor = monitor(owner, slack);

        report(monitor, Status.FAILED);
        ReactionRun run = awaitRuns(monitor, slack, 1).getLast();

        assertThat(run.getOutcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(run.getOutput())
                .isEqualTo("the secret setting 'webhookUrl' of this reaction cannot be decrypted: "
                        + "it was sealed under another CLOUDROUTES_SECRET_KEY, altered, or copied from another reaction or "
                        + "account; enter it again on the reaction's edit page");
    }
}
