package io.cloudroutes.crbridge.system;

import io.lettuce.core.RedisClient;
import io.cloudroutes.reactions.ReactionServices;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Clients crbridge shares between its parts: Redis, SMTP, HTTP. */
@Configuration(proxyBeanMethods = false)
class CrbridgeConfiguration {

    /** The time deadlines are judged by; a bean so that tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(CrbridgeProperties properties) {
        return RedisClient.create(properties.redis().url());
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }

    /** What reactions may use: SMTP (when configured), HTTP, and the UI's address for links. */
    @Bean
    ReactionServices reactionServices(CrbridgeProperties properties) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return new ActionerServices(mailSender(properties.smtp()), properties.mail().from(), http,
                properties.publicUrl());
    }

    /** Built from CLOUDROUTES_SMTP_*; empty when no host is set, and then mail is only logged. */
    private static Optional<JavaMailSender> mailSender(CrbridgeProperties.Smtp smtp) {
        if (!smtp.configured()) {
            return Optional.empty();
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(smtp.host());
        sender.setPort(smtp.port());
        if (smtp.username() != null && !smtp.username().isBlank()) {
            sender.setUsername(smtp.username());
            sender.setPassword(smtp.password());
        }
        Properties javaMail = new Properties();
        javaMail.put("mail.smtp.auth", String.valueOf(smtp.username() != null && !smtp.username().isBlank()));
        javaMail.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
        javaMail.put("mail.smtp.connectiontimeout", "10000");
        javaMail.put("mail.smtp.timeout", "20000");
        javaMail.put("mail.smtp.writetimeout", "20000");
        sender.setJavaMailProperties(javaMail);
        return Optional.of(sender);
    }

    /** The services handed to every reaction. */
    record ActionerServices(Optional<JavaMailSender> mailSender, String mailFrom, HttpClient httpClient,
            String publicUrl) implements ReactionServices {
    }
}
