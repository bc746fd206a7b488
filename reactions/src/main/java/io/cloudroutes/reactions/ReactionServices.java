package io.cloudroutes.reactions;

import java.net.http.HttpClient;
import java.util.Optional;
import org.springframework.mail.javamail.JavaMailSender;

/** What the hosting process lends to reactions: outgoing mail and HTTP. */
public interface ReactionServices {

    /** The SMTP sender, or empty when no SMTP server is configured (mail is then only logged). */
    Optional<JavaMailSender> mailSender();

    /** The From address of outgoing mail. */
    String mailFrom();

    /** A shared HTTP client; it speaks HTTP/1.1 (no {@code Upgrade: h2c} on plain http). */
    HttpClient httpClient();

    /** The base URL of the web UI, for links in notifications (e.g. http://localhost:8080). */
    String publicUrl();
}
