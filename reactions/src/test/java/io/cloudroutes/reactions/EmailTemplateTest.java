package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.email.EmailReactionType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailTemplateTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final EmailReactionType type = new EmailReactionType();
    private final StatusChanged failure = new StatusChanged(
            12,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "body was <script>alert('x')</script> & more",
            "eu-west",
            1_700_000_000_000L,
            1);

    private Reaction reaction(Map<String, String> settings) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(
                Settings.withDefaults(type.settings(), settings),
                TestServices.withSmtp(smtp.getSmtp().getPort()));
    }

    private static String part(MimeMultipart parts, int index, String type) throws Exception {
        assertThat(parts.getBodyPart(index).getContentType()).startsWith(type);
        return parts.getBodyPart(index).getContent().toString().replace("\r\n", "\n");
    }

    @Test
    void sendsTextAndHtmlAlternativesWithTheHtmlValuesEscaped() throws Exception {
        ReactionResult result = reaction(Map.of("to", "oncall@example.com")).run(failure, Duration.ofSeconds(5));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        MimeMessage message = smtp.getReceivedMessages()[0];
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(part(parts, 0, "text/plain")).isEqualTo("""
                checkout-api is FAILED (was HEALTHY).

                Reason: body was <script>alert('x')</script> & more
                Zone:   eu-west
                Time:   2023-11-14T22:13:20Z

                https://cloudroutes.example.com/monitors/12
                """);
        String html = part(parts, 1, "text/html");
        assertThat(html)
                .contains(
                        "<p><strong>checkout-api</strong> is <strong style=\"color: #b00020\">FAILED</strong> (was HEALTHY).</p>")
                .contains(
                        "<tr><td>Reason</td><td>body was &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</td></tr>")
                .contains("<tr><td>Time</td><td>2023-11-14T22:13:20Z</td></tr>")
                .contains("<a href=\"https://cloudroutes.example.com/monitors/12\">")
                .doesNotContain("<script>");
        assertThat(result.output())
                .startsWith("sent to oncall@example.com\nsubject: [CloudRoutes] checkout-api is FAILED\n\n"
                        + "checkout-api is FAILED (was HEALTHY).");
    }

    @Test
    void aRecoveryEmailSaysInSubjectTextAndHtmlThatTheMonitorRecovered() throws Exception {
        StatusChanged recovery = new StatusChanged(
                12,
                "checkout-api",
                Status.FAILED,
                Status.HEALTHY,
                "HTTP 200 in 41 ms",
                "eu-west",
                1_700_000_060_000L,
                1);
        reaction(Map.of("to", "oncall@example.com")).run(recovery, Duration.ofSeconds(5));
        MimeMessage message = smtp.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("[CloudRoutes] checkout-api recovered");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(part(parts, 0, "text/plain")).startsWith("""
                checkout-api recovered: it is HEALTHY again (was FAILED).

                Reason: HTTP 200 in 41 ms
                """);
        assertThat(part(parts, 1, "text/html"))
                .contains("<p><strong>checkout-api</strong> recovered: it is "
                        + "<strong style=\"color: #067647\">HEALTHY</strong> again (was FAILED).</p>");
    }

    @Test
    void fillsTheUsersTemplates() throws Exception {
        reaction(Map.of(
                        "to",
                        "oncall@example.com",
                        "textTemplate",
                        "{{#isFailed}}DOWN{{/isFailed}} {{monitorName}} #{{monitorId}} held {{heldFor}}",
                        "htmlTemplate",
                        "<h1>{{monitorName}}</h1>{{^isHealthy}}<p>{{reason}}</p>{{/isHealthy}}"))
                .run(failure, Duration.ofSeconds(5));
        MimeMultipart parts = (MimeMultipart) smtp.getReceivedMessages()[0].getContent();
        assertThat(part(parts, 0, "text/plain")).isEqualTo("DOWN checkout-api #12 held 1");
        assertThat(part(parts, 1, "text/html"))
                .isEqualTo(
                        "<h1>checkout-api</h1><p>body was &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</p>");
    }

    @Test
    void dryRunShowsBothPartsAndSendsNothing() {
        String dryRun = reaction(Map.of(
                        "to",
                        "a@example.com, b@example.com",
                        "textTemplate",
                        "{{monitorName}} {{to}}",
                        "htmlTemplate",
                        "<b>{{reason}}</b>"))
                .dryRun(failure)
                .orElseThrow();
        assertThat(dryRun).isEqualTo("""
                From: cloudroutes@example.com
                To: a@example.com, b@example.com
                Subject: [CloudRoutes] checkout-api is FAILED
                Content-Type: multipart/alternative

                --- text/plain ---
                checkout-api FAILED
                --- text/html ---
                <b>body was &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</b>""");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void rejectsTemplatesWithUnknownVariablesOrBrokenSections() {
        Map<String, String> errors = type.validate(Map.of(
                "to",
                "a@example.com",
                "textTemplate",
                "Hello\n{{monitor_name}}",
                "htmlTemplate",
                "<p>\n{{#isFailed}}down</p>"));
        assertThat(errors).containsOnlyKeys("textTemplate", "htmlTemplate");
        assertThat(errors.get("textTemplate"))
                .isEqualTo(
                        "Text body: line 2: no variable 'monitor_name'; use one of"
                                + " monitorId, monitorName, from, to, reason, zone, at, heldFor, monitorUrl, isFailed, isHealthy");
        assertThat(errors.get("htmlTemplate")).startsWith("HTML body: line ");
        assertThat(type.validate(Map.of("to", "a@example.com", "textTemplate", "{{> footer}}"))
                        .get("textTemplate"))
                .startsWith("Text body: ")
                .contains("partials");
    }
}
