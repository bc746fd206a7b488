package io.cloudroutes.crweb;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A real SMTP server (GreenMail, on a free loopback port) that crweb sends its mail to;
 * {@code @Import(TestMailbox.InPlace.class)} starts one for the context and points {@code cloudroutes.smtp.*} at it.
 * Mail is sent in the background: the methods wait for it.
 */
public final class TestMailbox {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final GreenMail server;

    TestMailbox() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
    }

    int port() {
        return server.getSmtp().getPort();
    }

    void stop() {
        server.stop();
    }

    /** The mails received for {@code address} so far, oldest first. */
    public List<Mail> to(String address) {
        return Arrays.stream(server.getReceivedMessages())
                .filter(message -> recipients(message).stream().anyMatch(address::equalsIgnoreCase))
                .map(Mail::of)
                .toList();
    }

    /** Waits until {@code count} mails arrived for {@code address}; all of them. */
    public List<Mail> waitFor(String address, int count) {
        return await().atMost(WAIT).until(() -> to(address), mails -> mails.size() >= count);
    }

    /** Waits for the first mail to {@code address}. */
    public Mail first(String address) {
        return waitFor(address, 1).getFirst();
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .map(Object::toString)
                    .toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A received mail: its subject and its plain-text part. */
    public record Mail(String subject, String text) {

        private static final Pattern LINK = Pattern.compile("https?://\\S+");

        static Mail of(MimeMessage message) {
            try {
                Object content = message.getContent();
                String text = content instanceof MimeMultipart parts
                        ? GreenMailUtil.getBody(parts.getBodyPart(0))
                        : GreenMailUtil.getBody(message);
                return new Mail(message.getSubject(), text.replace("\r\n", "\n"));
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The first link in the text that starts with {@code prefix}, as the mail has it. */
        public String link(String prefix) {
            Matcher links = LINK.matcher(text);
            while (links.find()) {
                if (links.group().startsWith(prefix)) {
                    return links.group();
                }
            }
            throw new AssertionError("no link starting with " + prefix + " in: " + text);
        }
    }

    /** Puts a {@link TestMailbox} in place of crweb's SMTP server. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class InPlace {

        @Bean(destroyMethod = "stop")
        TestMailbox testMailbox() {
            return new TestMailbox();
        }

        @Bean
        DynamicPropertyRegistrar smtpOfTestMailbox(TestMailbox mailbox) {
            return registry -> {
                registry.add("cloudroutes.smtp.host", () -> "127.0.0.1");
                registry.add("cloudroutes.smtp.port", mailbox::port);
            };
        }
    }
}
