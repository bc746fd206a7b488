package io.cloudroutes.reactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP mailer against a real SMTP server (GreenMail): the message it sends, and each way it fails. */
class SmtpMailerTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("cloudroutes", "secret"));

    private static final Mailer.Email EMAIL = new Mailer.Email(
            "cloudroutes@example.com",
            List.of("oncall@example.com", "lead@example.com"),
            "checkout-api is FAILED",
            "plain text",
            "<p>html</p>");

    private static SmtpMailer mailer(int port, String username, String password) {
        return new SmtpMailer(new SmtpSettings("127.0.0.1", port, username, password, false));
    }

    @Test
    void sendsOneMultipartAlternativeMessageWithTheHtmlPartLast() throws Exception {
        mailer(smtp.getSmtp().getPort(), "cloudroutes", "secret").send(EMAIL);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2); // one per recipient's mailbox
        MimeMessage message = received[0];
        assertThat(Arrays.stream(message.getFrom()).map(Address::toString)).containsExactly("cloudroutes@example.com");
        assertThat(Arrays.stream(message.getRecipients(MimeMessage.RecipientType.TO))
                        .map(Address::toString))
                .containsExactly("oncall@example.com", "lead@example.com");
        assertThat(message.getSubject()).isEqualTo("checkout-api is FAILED");
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo("plain text");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>html</p>");
    }

    @Test
    void anAddressThatDoesNotParseIsAMessageThatCannotBeBuilt() {
        Mailer.Email badRecipient = new Mailer.Email(
                EMAIL.from(), List.of("oncall@example.com (unclosed"), EMAIL.subject(), EMAIL.text(), EMAIL.html());
        assertThatThrownBy(() -> mailer(smtp.getSmtp().getPort(), null, null).send(badRecipient))
                .isInstanceOf(MailFailure.Unbuildable.class)
                .hasMessage("Missing ')'")
                .satisfies(e -> assertThat(((MailFailure) e).retryable()).isFalse());
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedCredentials() {
        assertThatThrownBy(() ->
                        mailer(smtp.getSmtp().getPort(), "cloudroutes", "wrong").send(EMAIL))
                .isInstanceOf(MailFailure.CredentialsRefused.class)
                .satisfies(e -> assertThat(((MailFailure) e).retryable()).isFalse());
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatDoesNotAnswerIsARetryableFailure() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() -> mailer(closed, null, null).send(EMAIL))
                .isInstanceOf(MailFailure.NotSent.class)
                .hasMessageContaining("Connection refused")
                .satisfies(e -> assertThat(((MailFailure) e).retryable()).isTrue());
    }
}
