package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.reactions.email.EmailReactionType;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailReactionTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("cloudroutes", "secret"));

    private final EmailReactionType type = new EmailReactionType();
    private final StatusChanged failure = new StatusChanged(
            12,
            "checkout-api",
            Status.HEALTHY,
            Status.FAILED,
            "expected status 200-299 but got 503",
            "eu-west",
            1_700_000_000_000L,
            1);

    private Reaction reaction(Map<String, String> settings, TestServices services) {
        assertThat(type.validate(settings)).isEmpty();
        return type.create(Settings.withDefaults(type.settings(), settings), services);
    }

    @Test
    void mailsTheRecipientsWithMonitorReasonAndLink() throws Exception {
        ReactionResult result = reaction(
                        Map.of("to", "oncall@example.com, lead@example.com"),
                        TestServices.withSmtp(smtp.getSmtp().getPort()))
                .run(failure, Duration.ofSeconds(5));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getSubject()).isEqualTo("[CloudRoutes] checkout-api is FAILED");
        assertThat(GreenMailUtil.getBody(received[0]))
                .contains("checkout-api is FAILED (was HEALTHY)")
                .contains("expected status 200-299 but got 503")
                .contains("https://cloudroutes.example.com/monitors/12");
    }

    @Test
    void fillsTheSubjectTemplateWithTheSameMustacheVariablesAsTheBody() throws Exception {
        reaction(
                        Map.of("to", "a@example.com", "subject", "{{monitorName}}: {{from}} -> {{to}} ({{reason}})"),
                        TestServices.withSmtp(smtp.getSmtp().getPort()))
                .run(failure, Duration.ofSeconds(5));
        assertThat(smtp.getReceivedMessages()[0].getSubject())
                .isEqualTo("checkout-api: HEALTHY -> FAILED (expected status 200-299 but got 503)");
    }

    @Test
    void aLineBreakInAValueCannotBreakTheSubjectLine() throws Exception {
        StatusChanged twoLines = new StatusChanged(
                12,
                "checkout-api",
                Status.HEALTHY,
                Status.FAILED,
                "first line\r\nBcc: someone@example.com",
                "eu-west",
                1_700_000_000_000L,
                1);
        reaction(
                        Map.of("to", "a@example.com", "subject", "{{monitorName}}: {{reason}}"),
                        TestServices.withSmtp(smtp.getSmtp().getPort()))
                .run(twoLines, Duration.ofSeconds(5));
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject())
                .isEqualTo("checkout-api: first line Bcc: someone@example.com");
    }

    @Test
    void aSubjectIsCheckedLikeTheBodiesWhenSaved() {
        assertThat(type.validate(Map.of("to", "a@example.com", "subject", "{{monitor}} is down")))
                .containsEntry(
                        "subject",
                        "Subject: {{monitor}} is the former placeholder syntax: the subject is a "
                                + "Mustache template like the bodies, write {{monitorName}} for {{monitor}}");
        assertThat(type.validate(Map.of("to", "a@example.com", "subject", "{monitor} is {status}")))
                .containsEntry(
                        "subject",
                        "Subject: {monitor}, {status} are the former placeholder syntax: the "
                                + "subject is a Mustache template like the bodies, write {{monitorName}} for {monitor}, "
                                + "{{to}} for {status}");
        assertThat(type.validate(Map.of("to", "a@example.com", "subject", "{{name}} is down"))
                        .get("subject"))
                .startsWith("Subject: line 1: no variable 'name'; use one of monitorId, monitorName");
        assertThat(type.validate(Map.of("to", "a@example.com", "subject", "{{#isFailed}}down"))
                        .get("subject"))
                .startsWith("Subject: line 1: ");
    }

    @Test
    void failsWithTheErrorWhenSmtpIsDown() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ReactionResult result = reaction(Map.of("to", "a@example.com"), TestServices.withSmtp(closed))
                .run(failure, Duration.ofSeconds(5));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isTrue();
        assertThat(result.output()).startsWith("could not send the email: ");
    }

    @Test
    void refusedCredentialsAreAFailureThatIsNotRetried() {
        TestServices wrongPassword = TestServices.withMail(
                new SmtpMailer(new SmtpSettings("127.0.0.1", smtp.getSmtp().getPort(), "cloudroutes", "wrong", false)));
        ReactionResult result =
                reaction(Map.of("to", "a@example.com"), wrongPassword).run(failure, Duration.ofSeconds(5));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output()).startsWith("could not send the email: the SMTP server refused the credentials: ");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aFromAddressThatDoesNotParseIsAMessageThatCannotBeBuilt() {
        TestServices smtpAt = TestServices.withSmtp(smtp.getSmtp().getPort());
        TestServices badFrom =
                new TestServices(smtpAt.mailer(), "cloudroutes (unclosed", smtpAt.http(), smtpAt.publicUrl());
        ReactionResult result = reaction(Map.of("to", "a@example.com"), badFrom).run(failure, Duration.ofSeconds(5));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output()).isEqualTo("could not build the email: Missing ')'");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void writesTheMessageToTheLogAsLoggedNotSkippedWhenNoSmtpServerIsConfigured() {
        ReactionResult result = reaction(Map.of("to", "a@example.com"), TestServices.withMail(null))
                .run(failure, Duration.ofSeconds(5));
        assertThat(result.outcome()).isEqualTo(ReactionOutcome.LOGGED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output())
                .startsWith(
                        "no SMTP server configured (set CLOUDROUTES_SMTP_HOST): the message was "
                                + "written to the log, not sent:\nto a@example.com\nsubject: [CloudRoutes] checkout-api is FAILED");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void rejectsABadRecipientAndAnEmailToNobody() {
        assertThat(type.validate(Map.of("to", "oncall at example"))).containsOnlyKeys("to");
        assertThat(type.validate(Map.of()))
                .containsEntry(
                        "to",
                        "Recipients: give at least one address, or send it to the team's on-call members (tick "
                                + "\"Also the team's on-call members\")");
        assertThat(type.validate(Map.of("toOnCall", "true"))).isEmpty();
    }

    @Test
    void goesToWhoeverIsOnCallInTheTeamWhenItRunsBesideTheFixedAddressesEachOnce() throws Exception {
        List<String> onCall = new java.util.ArrayList<>(List.of("ana@example.com", "lead@example.com"));
        Reaction reaction = type.create(
                Settings.withDefaults(type.settings(), Map.of("to", "lead@example.com", "toOnCall", "true")),
                TestServices.withSmtp(smtp.getSmtp().getPort()).forTeam(() -> List.copyOf(onCall)));

        assertThat(reaction.run(failure, Duration.ofSeconds(5)).outcome()).isEqualTo(ReactionOutcome.EXECUTED);
        // one message, delivered once to each of its two recipients
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(Arrays.stream(received[0].getAllRecipients()).map(Object::toString))
                .containsExactly("lead@example.com", "ana@example.com");

        // the hand-over: the next run goes to who is on call then
        onCall.clear();
        onCall.add("bo@example.com");
        assertThat(reaction.dryRun(failure).orElseThrow()).contains("To: lead@example.com, bo@example.com");
    }

    @Test
    void withNobodyOnCallAndNoFixedAddressTheRunFailsSayingWhatToDo() {
        Reaction reaction = type.create(
                Settings.withDefaults(type.settings(), Map.of("toOnCall", "true")),
                TestServices.withSmtp(smtp.getSmtp().getPort()).forTeam(List::of));

        ReactionResult result = reaction.run(failure, Duration.ofSeconds(5));

        assertThat(result.outcome()).isEqualTo(ReactionOutcome.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.output()).contains("no member of the team is on call").contains("Team page");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }
}
