package io.cloudroutes.reactions;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The services a process lends its reactions: SMTP when configured, one shared HTTP client, the UI's address. */
public record StandardReactionServices(Optional<JavaMailSender> mailSender, String mailFrom, HttpClient httpClient,
        String publicUrl) implements ReactionServices {

    /** Services for the configured SMTP server (or none), sender address and public URL. */
    public static StandardReactionServices of(SmtpSettings smtp, String mailFrom, String publicUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return new StandardReactionServices(mailSender(smtp), mailFrom, http, publicUrl);
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
