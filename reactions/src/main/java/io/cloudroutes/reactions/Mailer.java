package io.cloudroutes.reactions;

import java.util.List;
import java.util.Optional;

/**
 * Sends mail through the operator's SMTP server, the one outgoing connection of a reaction that does not go through the
 * egress guard (the server is the operator's, not a tenant's). The hosting process lends one through
 * {@link ReactionServices#mailer()} when an SMTP server is configured.
 */
public interface Mailer {

    /**
     * Sends one message: a multipart/alternative with the plain-text part first and the HTML part last (the last part
     * is the one mail clients prefer), subject and parts in UTF-8.
     *
     * @throws MailFailure why it was not sent: the message could not be built, the server refused the credentials, or
     *     another sending failure that may pass if tried again
     */
    void send(Email email) throws MailFailure;

    /**
     * The mailer of the operator's SMTP server, or empty when none is configured: for mail a process sends on its own
     * behalf (crweb's account mail), through the same client and settings as reactions' mail.
     */
    static Optional<Mailer> smtp(SmtpSettings smtp) {
        return SmtpMailer.of(smtp);
    }

    /**
     * One message.
     *
     * @param from    the From address
     * @param to      the recipients' addresses, each one To
     * @param subject the subject, one line
     * @param text    the plain-text part
     * @param html    the HTML part
     */
    record Email(String from, List<String> to, String subject, String text, String html) {

        public Email {
            to = List.copyOf(to);
        }
    }
}
