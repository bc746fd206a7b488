package io.cloudroutes.standalone;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test's mail server (GreenMail) received, told apart by recipient: the account mails crweb sends a person who
 * signs up, and the reactions' mails to the addresses they name.
 */
final class ReceivedMail {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private ReceivedMail() {}

    /** The mails received so far for {@code address}, oldest first ({@code received}: e.g. GreenMail's). */
    static List<MimeMessage> to(Supplier<MimeMessage[]> received, String address) {
        return Arrays.stream(received.get())
                .filter(message -> recipients(message).stream().anyMatch(address::equalsIgnoreCase))
                .toList();
    }

    /** The first link in the mail's plain text that starts with {@code prefix}, as the mail has it. */
    static String link(MimeMessage mail, String prefix) {
        Matcher links = LINK.matcher(text(mail));
        while (links.find()) {
            if (links.group().startsWith(prefix)) {
                return links.group();
            }
        }
        throw new AssertionError("no link starting with " + prefix + " in: " + text(mail));
    }

    private static String text(MimeMessage mail) {
        try {
            // crweb's account mail is text and HTML alternatives, text first
            return mail.getContent() instanceof MimeMultipart parts
                    ? GreenMailUtil.getBody(parts.getBodyPart(0))
                    : GreenMailUtil.getBody(mail);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            return to == null
                    ? List.of()
                    : Arrays.stream(to).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
