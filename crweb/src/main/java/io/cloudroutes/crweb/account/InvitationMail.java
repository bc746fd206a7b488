package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.system.PublicUrl;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * Mails the link of an invitation to a team, as account mail: through the same SMTP server, with its links at the
 * public URL, and within the same limit of mails per address.
 */
@Service
public class InvitationMail {

    private static final DateTimeFormatter EXPIRY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final AccountMail mail;
    private final AccountMailThrottle throttle;
    private final AccountProperties properties;
    private final PublicUrl publicUrl;

    InvitationMail(AccountMail mail, AccountMailThrottle throttle, AccountProperties properties, PublicUrl publicUrl) {
        this.mail = mail;
        this.throttle = throttle;
        this.properties = properties;
        this.publicUrl = publicUrl;
    }

    /** What the mail says: who invites whom to which team as what, and until when the link works. */
    public record Invite(String to, String inviter, String team, String role, String token, Instant expires) {

        @Override
        public String toString() {
            return "Invite[team=" + team + ", role=" + role + "]";
        }
    }

    /** How long an invitation's link works. */
    public Duration lifetime() {
        return properties.invitationLinkLifetime();
    }

    /** Whether mail can be sent at all (an SMTP server is configured). */
    public boolean configured() {
        return mail.configured();
    }

    /** Counts a mail to the address; whether it may be sent now (false: too many mails to it lately). */
    public boolean mayMail(String email) {
        return throttle.mayMail(email);
    }

    /** The page the invitation's link opens. */
    public String link(String token) {
        return publicUrl.get() + "/invitations/" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** Sends the invitation in the background. */
    public void send(Invite invite) {
        mail.teamInvitation(
                invite.to(),
                invite.inviter(),
                invite.team(),
                invite.role(),
                link(invite.token()),
                EXPIRY.format(invite.expires()));
    }
}
