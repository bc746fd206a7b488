package io.cloudroutes.reactions;

import java.net.http.HttpClient;
import java.util.Optional;
import org.springframework.mail.javamail.JavaMailSender;

/** The services a hosting process lends, built from real parts for tests (the HTTP client is the production one). */
public record TestServices(Optional<JavaMailSender> mailSender, String mailFrom, HttpClient httpClient, String publicUrl)
        implements ReactionServices {

    public static TestServices withMail(JavaMailSender sender) {
        return new TestServices(Optional.ofNullable(sender), "cloudroutes@example.com",
                StandardReactionServices.newHttpClient(),
                "https://cloudroutes.example.com");
    }
}
