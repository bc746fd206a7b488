package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.system.CrwebProperties;
import io.cloudroutes.crweb.system.PublicUrl;
import io.cloudroutes.reactions.MailFailure;
import io.cloudroutes.reactions.Mailer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/**
 * The mail crweb sends about an account (confirm the address, reset the password, someone signed up with it), through
 * the operator's SMTP server and From address, the same settings and client as reactions' mail. Links start at the
 * public URL. Mail goes out in the background, so an answer takes as long whichever mail (or none) it sent; a link's
 * token is never logged.
 */
@Service
class AccountMail implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AccountMail.class);

    /** Which mail, as logged. */
    enum Kind {
        EMAIL_CONFIRMATION,
        SIGNUP_NOTICE,
        PASSWORD_RESET,
        TEAM_INVITATION
    }

    private final Optional<Mailer> mailer;
    private final String from;
    private final PublicUrl publicUrl;
    private final AccountProperties accounts;
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();

    AccountMail(CrwebProperties properties, PublicUrl publicUrl, AccountProperties accounts) {
        this.mailer = Mailer.smtp(properties.smtp());
        this.from = properties.mail().from();
        this.publicUrl = publicUrl;
        this.accounts = accounts;
    }

    /** Whether mail can be sent at all (an SMTP server is configured). */
    boolean configured() {
        return mailer.isPresent();
    }

    /** Whether people who sign up wait for a link that cannot be sent: the operator must know at once. */
    boolean confirmationImpossible() {
        return accounts.requireEmailConfirmation() && !configured();
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenConfirmationCannotBeSent() {
        if (confirmationImpossible()) {
            log.warn("new accounts cannot confirm their email address: no SMTP server is configured. Set "
                    + "CLOUDROUTES_SMTP_HOST (and CLOUDROUTES_MAIL_FROM), or, on an install without mail, set "
                    + "CLOUDROUTES_ACCOUNTS_REQUIRE_EMAIL_CONFIRMATION=false; password resets cannot be mailed either");
        }
    }

    /** The link that confirms the account's address. */
    void emailConfirmation(String to, AccountTokens.Issued link) {
        send(
                Kind.EMAIL_CONFIRMATION,
                to,
                "Confirm your email address for CloudRoutes",
                List.of(
                        "Someone, we hope you, signed up for CloudRoutes with this email address.",
                        "To confirm it, open this link within " + describe(link.lifetime()) + ":\n"
                                + url("/email-confirmation?token=" + encode(link.token())),
                        "Then log in with the password you chose. If you did not sign up, ignore this mail: the "
                                + "account cannot be used without the link."));
    }

    /** Tells the owner of an address that already has an account that someone signed up with it. */
    void signupNotice(String to) {
        send(
                Kind.SIGNUP_NOTICE,
                to,
                "Someone tried to sign up for CloudRoutes with your address",
                List.of(
                        "Someone tried to sign up for CloudRoutes with this email address, which already has an "
                                + "account. Nothing was changed.",
                        "If it was you, log in with your password:\n" + url("/login"),
                        "Forgot it? Choose a new one here:\n" + url("/password-reset"),
                        "If it was not you, you can ignore this mail."));
    }

    /** The link that lets the account choose a new password. */
    void passwordReset(String to, AccountTokens.Issued link) {
        send(
                Kind.PASSWORD_RESET,
                to,
                "Reset your CloudRoutes password",
                List.of(
                        "Someone, we hope you, asked to reset the password of the CloudRoutes account with this "
                                + "email address.",
                        "To choose a new password, open this link within " + describe(link.lifetime()) + ":\n"
                                + url("/password-reset/new?token=" + encode(link.token())),
                        "The link works once. If you did not ask for it, ignore this mail: your password stays as "
                                + "it is."));
    }

    /** Invites the address to a team: who invites, with which role, the link and when it stops working. */
    void teamInvitation(String to, String inviter, String team, String role, String link, String expires) {
        send(
                Kind.TEAM_INVITATION,
                to,
                inviter + " invites you to the team " + team + " on CloudRoutes",
                List.of(
                        inviter + " invites " + to + " to join the team '" + team + "' on CloudRoutes as " + role + ".",
                        "To accept, open this link and log in (or sign up) with this email address:\n" + link,
                        "The link works once, until " + expires + ". If you do not want to join, ignore this mail."));
    }

    private void send(Kind kind, String to, String subject, List<String> paragraphs) {
        if (mailer.isEmpty()) {
            log.warn("account mail not sent: no SMTP server is configured (set CLOUDROUTES_SMTP_HOST) kind={}", kind);
            return;
        }
        String text = String.join("\n\n", paragraphs) + "\n";
        Mailer.Email email = new Mailer.Email(from, List.of(to), subject, text, html(paragraphs));
        sending.execute(() -> {
            try {
                mailer.get().send(email);
                log.info("account mail sent kind={}", kind);
            } catch (MailFailure failure) {
                log.warn(
                        "account mail not sent kind={} retryable={} error={}",
                        kind,
                        failure.retryable(),
                        failure.getMessage());
            } catch (RuntimeException e) {
                log.warn("account mail not sent kind={} error={}", kind, e.toString());
            }
        });
    }

    /** The same paragraphs as HTML, each link clickable (the mailer sends both; clients show one). */
    private static String html(List<String> paragraphs) {
        return paragraphs.stream()
                .map(paragraph -> "<p>"
                        + paragraph
                                .lines()
                                .map(line -> line.startsWith("http")
                                        ? "<a href=\"" + HtmlUtils.htmlEscape(line) + "\">" + HtmlUtils.htmlEscape(line)
                                                + "</a>"
                                        : HtmlUtils.htmlEscape(line))
                                .collect(Collectors.joining("<br>\n"))
                        + "</p>")
                .collect(Collectors.joining("\n"));
    }

    private String url(String path) {
        return publicUrl.get() + path;
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** E.g. "48 hours", "1 hour", "30 minutes". */
    static String describe(Duration lifetime) {
        if (lifetime.toMinutes() % 60 != 0) {
            long minutes = lifetime.toMinutes();
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        long hours = lifetime.toHours();
        return hours + (hours == 1 ? " hour" : " hours");
    }

    @Override
    public void destroy() {
        sending.shutdown();
    }
}
