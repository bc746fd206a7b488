package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on the embedded default: a user signs up in the browser's way, watches a local HTTP service with
 * an email reaction, the service goes down, the email arrives; it comes back and the monitor recovers.
 */
class MonitorAndReactEndToEndTest {

    @RegisterExtension
    static GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @TempDir
    static Path dataDirectory;

    static Standalone cloudroutes;
    static HttpTarget target;

    @BeforeAll
    static void startCloudRoutes() {
        target = HttpTarget.started();
        cloudroutes = Standalone.start(
                EndToEndDatabase.config(
                        dataDirectory,
                        "default",
                        Map.of(
                                "cloudroutes.smtp.host", "127.0.0.1",
                                "cloudroutes.smtp.port",
                                        String.valueOf(smtp.getSmtp().getPort()),
                                "cloudroutes.monitors.min-interval-seconds", "1",
                                "cloudroutes.public-url", "http://cloudroutes.test")),
                LoopbackAllowed.ENV);
    }

    @AfterAll
    static void stop() {
        if (cloudroutes != null) {
            cloudroutes.close();
        }
        target.close();
    }

    @Test
    void emailsOnFailureRecordsRecoveryAndRespectsFrequency() throws Exception {
        WebSession browser = new WebSession(cloudroutes.url());
        browser.signUpAndLogIn("ops@example.com", "correct horse battery", smtp::getReceivedMessages);

        long reactionId = browser.createEmailReaction("page the on-call", "oncall@example.com", 3600);
        long monitorId = browser.createHttpMonitor("checkout-api", target.url(), reactionId);

        Database database = EndToEndDatabase.rows(cloudroutes);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> database.transitions(monitorId), t -> t.contains("UNKNOWN->HEALTHY"));

        target.stop();
        // the reaction's mail, to the on-call address; the confirmation mail went to the account's
        MimeMessage mail = await().atMost(Duration.ofSeconds(30))
                .until(() -> ReceivedMail.to(smtp::getReceivedMessages, "oncall@example.com"), m -> m.size() == 1)
                .getFirst();
        assertThat(mail.getSubject()).contains("checkout-api").contains("FAILED");
        assertThat(GreenMailUtil.getBody(mail)).contains("checkout-api").containsIgnoringCase("refused");
        assertThat(database.transitions(monitorId)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED");

        target.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> database.transitions(monitorId), t -> t.contains("FAILED->HEALTHY"));
        String monitorPage = browser.get("/monitors/" + monitorId).body();
        assertThat(monitorPage).contains("checkout-api").contains("HEALTHY");

        // A second failure within the reaction's frequency is recorded as skipped and sends nothing.
        target.stop();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> database.reactionOutcomes(monitorId), o -> o.equals(List.of("EXECUTED", "SKIPPED")));
        assertThat(database.transitions(monitorId))
                .containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED", "FAILED->HEALTHY", "HEALTHY->FAILED");
        assertThat(ReceivedMail.to(smtp::getReceivedMessages, "oncall@example.com"))
                .hasSize(1);
        assertThat(smtp.getReceivedMessages())
                .as("the confirmation and the one reaction mail")
                .hasSize(2);
        assertThat(browser.get("/monitors/" + monitorId).body()).contains("SKIPPED");
    }
}
