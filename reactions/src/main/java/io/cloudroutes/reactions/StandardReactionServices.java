package io.cloudroutes.reactions;

import io.cloudroutes.core.egress.Egress;
import java.util.Optional;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The services a process lends its reactions: SMTP when configured, one shared HTTP client through the process's egress
 * guard, the UI's address. Closing it closes the HTTP client.
 */
public final class StandardReactionServices implements ReactionServices, AutoCloseable {

    private final Optional<JavaMailSender> mailSender;
    private final String mailFrom;
    private final ReactionHttp http;
    private final String publicUrl;

    private StandardReactionServices(
            Optional<JavaMailSender> mailSender, String mailFrom, ReactionHttp http, String publicUrl) {
        this.mailSender = mailSender;
        this.mailFrom = mailFrom;
        this.http = http;
        this.publicUrl = publicUrl;
    }

    /** Services for the configured SMTP server (or none), sender address, public URL and egress guard. */
    public static StandardReactionServices of(SmtpSettings smtp, String mailFrom, String publicUrl, Egress egress) {
        return new StandardReactionServices(mailSender(smtp), mailFrom, ReactionHttp.through(egress), publicUrl);
    }

    @Override
    public Optional<JavaMailSender> mailSender() {
        return mailSender;
    }

    @Override
    public String mailFrom() {
        return mailFrom;
    }

    @Override
    public ReactionHttp http() {
        return http;
    }

    @Override
    public String publicUrl() {
        return publicUrl;
    }

    @Override
    public void close() {
        http.close();
    }

    private static Optional<JavaMailSender> mailSender(SmtpSettings smtp) {
        if (smtp == null || !smtp.configured()) {
            return Optional.empty();
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
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
        return Optional.of(sender);
    }
}
