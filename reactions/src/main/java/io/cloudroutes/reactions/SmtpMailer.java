package io.cloudroutes.reactions;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The {@link Mailer} of an SMTP server, through Spring's {@link JavaMailSenderImpl}. The one class of the reactions
 * module that uses Spring's mail support ({@code ModuleDependencyRulesTest} holds the others to it).
 */
final class SmtpMailer implements Mailer {

    private final JavaMailSenderImpl sender;

    /** The mailer of {@code smtp}, which is {@linkplain SmtpSettings#configured() configured}. */
    SmtpMailer(SmtpSettings smtp) {
        sender = new JavaMailSenderImpl();
        sender.setHost(smtp.host());
        sender.setPort(smtp.port());
        if (smtp.authenticated()) {
            sender.setUsername(smtp.username());
            sender.setPassword(smtp.password());
        }
        Properties javaMail = new Properties();
        javaMail.put("mail.smtp.auth", String.valueOf(smtp.authenticated()));
        javaMail.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
        javaMail.put("mail.smtp.connectiontimeout", "10000");
        javaMail.put("mail.smtp.timeout", "20000");
        javaMail.put("mail.smtp.writetimeout", "20000");
        sender.setJavaMailProperties(javaMail);
    }

    /** The mailer of {@code smtp}, or empty when no SMTP server is configured. */
    static Optional<Mailer> of(SmtpSettings smtp) {
        if (smtp == null || !smtp.configured()) {
            return Optional.empty();
        }
        return Optional.of(new SmtpMailer(smtp));
    }

    @Override
    public void send(Email email) throws MailFailure {
        try {
            sender.send(message(email));
        } catch (MessagingException | MailPreparationException e) {
            throw new MailFailure.Unbuildable(e.getMessage(), e);
        } catch (MailAuthenticationException e) {
            throw new MailFailure.CredentialsRefused(e.getMessage(), e);
        } catch (MailException e) {
            // connection refused, a timeout, a 4xx from the server: the next attempt may go through
            throw new MailFailure.NotSent(e.getMessage(), e);
        }
    }

    private MimeMessage message(Email email) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        message.setFrom(new InternetAddress(email.from()));
        for (String recipient : email.to()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        // the last part is the one mail clients prefer, so HTML goes last
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        return message;
    }
}
