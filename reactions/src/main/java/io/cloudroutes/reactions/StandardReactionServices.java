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
        return new StandardReactionServices(mailSender(smtp), mailFrom, newHttpClient(), publicUrl);
    }

    /**
     * The HTTP client reactions share. HTTP/1.1 for every URL: with the JDK's default (HTTP/2) a plain http:// request
     * carries {@code Connection: Upgrade, HTTP2-Settings}, {@code Upgrade: h2c} and {@code HTTP2-Settings}, which
     * some receivers (proxies, strict webhook endpoints) reject; a reaction sends one request per run, so HTTP/2 would
     * gain nothing. Redirects are not followed: a 3xx is an answer the reaction judges (docs/reactions), and a
     * reaction never sends its request, secrets included, somewhere its settings do not name.
     */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
