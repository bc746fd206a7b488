package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.quota.EmailQuota;
import io.cloudroutes.core.redis.RateWindow;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * What the actioner refuses to do for an account, and says so on the run: send more emails than the account's hourly
 * quota (counted in Redis with every other actioner and crweb), or use a secret copied in from another row.
 */
@TestPropertySource(properties = "cloudroutes.quota.emails-per-hour=2")
class ReactionLimitsTest extends ActionerWithSmtp {

    static final String KEY = SecretBox.newKey();

    @DynamicPropertySource
    static void secretKey(DynamicPropertyRegistry registry) {
        registry.add("cloudroutes.secret-key", () -> KEY);
    }

    private ReactionConfig reaction(ActionerFixtures of, String type, Map<String, String> settings) {
        ReactionConfig reaction = new ReactionConfig(of.teamId(), of.owner().getId(), type + " on failure", type);
        reaction.setSettings(settings);
        reaction.setCallOn(CallOn.FAILED);
        reaction.setMaxAttempts(1);
        return of.reactions().save(reaction);
    }

    private Monitor monitor(ActionerFixtures of, ReactionConfig attached) {
        return of.monitor("checkout-api", attached);
    }

    private void report(Monitor monitor, Status status) {
        fixtures.report(monitor, status, status == Status.FAILED ? "connection refused" : "HTTP 200");
    }

    @Test
    void anEmailOverTheAccountsHourlyQuotaIsNotSentAndItsRunSaysSoPlainly() {
        // another actioner (or a test run in crweb) already sent one of this account's two emails of the hour
        assertThat(EmailQuota.take(
                        RateWindow.in(fixtures.redis()), fixtures.owner().getId(), 2, System.currentTimeMillis()))
                .isEmpty();
        ReactionConfig mail = reaction(fixtures, "email", Map.of("to", "oncall@example.com"));
        Monitor monitor = monitor(fixtures, mail);

        report(monitor, Status.FAILED);
        assertThat(runLog.await(monitor, mail, 1).getLast().getOutcome()).isIn(ReactionOutcome.EXECUTED);
        report(monitor, Status.HEALTHY);
        report(monitor, Status.FAILED);
        ReactionRun refused = runLog.await(monitor, mail, 2).getLast();

        assertThat(refused.getOutcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(refused.getOutput())
                .startsWith("Email not sent: this team's quota of emails is used up, 2 an "
                        + "hour (CLOUDROUTES_QUOTA_EMAILS_PER_HOUR=2); the next email can go in ");
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        ActionerFixtures other = crbridge.forNewOwner("other");
        ReactionConfig othersMail = reaction(other, "email", Map.of("to", "them@example.com"));
        Monitor othersMonitor = monitor(other, othersMail);
        report(othersMonitor, Status.FAILED);
        assertThat(runLog.await(othersMonitor, othersMail, 1).getLast().getOutcome())
                .as("the quota is per account")
                .isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aReactionWhoseSecretWasCopiedFromAnotherPersonsReactionFailsSayingWhy() {
        SecretBox box = SecretBox.fromBase64(KEY);
        String someoneElses = box.seal(
                SecretScope.reaction(
                        fixtures.owner().getId() + 1000, UUID.randomUUID().toString()),
                "webhookUrl",
                "https://hooks.slack.com/services/T0/B0/theirs");
        ReactionConfig slack = reaction(fixtures, "slack", Map.of("webhookUrl", someoneElses));
        Monitor monitor = monitor(fixtures, slack);

        report(monitor, Status.FAILED);
        ReactionRun run = runLog.await(monitor, slack, 1).getLast();

        assertThat(run.getOutcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(run.getOutput())
                .isEqualTo("the secret setting 'webhookUrl' of this reaction cannot be decrypted: "
                        + "it was sealed under another CLOUDROUTES_SECRET_KEY, altered, or copied from another reaction or "
                        + "account; enter it again on the reaction's edit page");
    }
}
