package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/**
 * A notification on both changes ({@code callOn BOTH}) tells of the failure and of the recovery that ends it, through
 * a real SMTP server: one email reaction is enough for on-call to hear that the site is back.
 */
class RecoveryNoticeTest extends ActionerWithSmtp {

    private ReactionConfig mailBothWays(int frequencySeconds) {
        return fixtures.emailOnBothChanges("tell on-call", frequencySeconds);
    }

    private Monitor monitor(String name, ReactionConfig attached) {
        return fixtures.monitor(name, attached);
    }

    private void report(Monitor monitor, Status status, String reason) {
        fixtures.report(monitor, status, reason);
    }

    @Test
    void oneReactionOnBothChangesMailsTheFailureAndThenTheRecovery() {
        ReactionConfig tell = mailBothWays(0);
        Monitor monitor = monitor("checkout-api", tell);
        report(monitor, Status.HEALTHY, "HTTP 200 in 12 ms");
        report(monitor, Status.FAILED, "connection refused");
        runLog.await(monitor, tell, 1);

        report(monitor, Status.HEALTHY, "HTTP 200 in 14 ms");
        runLog.await(monitor, tell, 2);
        assertThat(ActionerFixtures.subjects(smtp))
                .containsExactly("[CloudRoutes] checkout-api is FAILED", "[CloudRoutes] checkout-api recovered");
        MimeMessage recovery = smtp.getReceivedMessages()[1];
        assertThat(GreenMailUtil.getBody(recovery))
                .contains("checkout-api recovered: it is HEALTHY again (was FAILED).")
                .contains("HTTP 200 in 14 ms")
                .contains("https://cr.example.com/monitors/" + monitor.getId());
        assertThat(runLog.of(monitor, tell))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.EXECUTED, ReactionOutcome.EXECUTED);
    }

    @Test
    void aFirstHealthyResultIsNoRecoveryAndSendsNothing() {
        ReactionConfig tell = mailBothWays(0);
        Monitor monitor = monitor("new-service", tell);
        report(monitor, Status.HEALTHY, "HTTP 200 in 12 ms");
        report(monitor, Status.FAILED, "connection refused");
        runLog.await(monitor, tell, 1);
        assertThat(ActionerFixtures.subjects(smtp)).containsExactly("[CloudRoutes] new-service is FAILED");
    }

    @Test
    void theFrequencyLimitsFailureNoticesAndEachFailureNoticeSentGetsItsRecoveryNotice() {
        ReactionConfig tell = mailBothWays(3600);
        Monitor monitor = monitor("flappy", tell);
        report(monitor, Status.HEALTHY, "up");
        report(monitor, Status.FAILED, "down");
        runLog.await(monitor, tell, 1);
        report(monitor, Status.HEALTHY, "up"); // recovery notice: not held back by the failure notice's slot
        runLog.await(monitor, tell, 2);
        report(monitor, Status.FAILED, "down"); // within the hour: skipped
        runLog.await(monitor, tell, 3);
        report(monitor, Status.HEALTHY, "up"); // nobody was told of that failure: no recovery notice either
        runLog.await(monitor, tell, 4);

        assertThat(runLog.of(monitor, tell))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(
                        ReactionOutcome.EXECUTED,
                        ReactionOutcome.EXECUTED,
                        ReactionOutcome.SKIPPED,
                        ReactionOutcome.SKIPPED);
        assertThat(runLog.of(monitor, tell).get(2).getOutput())
                .isEqualTo("ran less than 3600 s ago (frequency 3600 s)");
        assertThat(runLog.of(monitor, tell).get(3).getOutput())
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

        runLog.await(monitor, tell, 2);
        assertThat(runLog.of(monitor, tell))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.EXECUTED, ReactionOutcome.EXECUTED);
        assertThat(ActionerFixtures.subjects(smtp))
                .containsExactlyInAnyOrder("[CloudRoutes] blip is FAILED", "[CloudRoutes] blip recovered");
    }
}
