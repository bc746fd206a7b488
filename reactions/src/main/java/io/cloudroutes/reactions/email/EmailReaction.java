package io.cloudroutes.reactions.email;

import com.samskivert.mustache.Template;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.MailFailure;
import io.cloudroutes.reactions.Mailer;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.support.Templates;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends one email per run: a multipart/alternative message with a plain-text and an HTML part. */
final class EmailReaction implements Reaction {

    private static final Logger log = LoggerFactory.getLogger(EmailReaction.class);

    /**
     * An email reaction's settings, read: the recipients and the compiled templates.
     *
     * @param recipients one address each, fixed
     * @param toOnCall   whether the team's members on call when it runs get it too
     */
    record Config(List<String> recipients, boolean toOnCall, Template subject, Template text, Template html) {}

    private final List<String> recipients;
    private final boolean toOnCall;
    private final Template subjectTemplate;
    private final Template textTemplate;
    private final Template htmlTemplate;
    private final ReactionServices services;

    EmailReaction(Config config, ReactionServices services) {
        this.recipients = List.copyOf(config.recipients());
        this.toOnCall = config.toOnCall();
        this.subjectTemplate = config.subject();
        this.textTemplate = config.text();
        this.htmlTemplate = config.html();
        this.services = services;
    }

    /** The message for one change, filled in. */
    private record Letter(String subject, String text, String html) {}

    private Letter letter(StatusChanged change) {
        return new Letter(
                Templates.render(subjectTemplate, change, services.publicUrl()),
                Templates.render(textTemplate, change, services.publicUrl()),
                Templates.render(htmlTemplate, change, services.publicUrl()));
    }

    private static String summary(List<String> to, Letter letter) {
        return "to " + String.join(", ", to) + "\nsubject: " + letter.subject() + "\n\n" + letter.text();
    }

    /** The fixed addresses and, if asked, whoever is on call in the team now; each once. */
    private List<String> recipientsNow() {
        if (!toOnCall) {
            return recipients;
        }
        Set<String> all = new LinkedHashSet<>(recipients);
        all.addAll(services.team().onCallEmails());
        return List.copyOf(all);
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        Letter letter;
        try {
            letter = letter(change);
        } catch (IllegalArgumentException e) {
            return ReactionResult.failed("could not fill the email templates: " + e.getMessage());
        }
        List<String> to = recipientsNow();
        if (to.isEmpty()) {
            return ReactionResult.failed("nobody to send the email to: no member of the team is on call and the "
                    + "reaction names no fixed address; put someone on call on the Team page, or add an address");
        }
        Optional<Mailer> mailer = services.mailer();
        if (mailer.isEmpty()) {
            log.info(
                    "no SMTP server configured, email logged instead of sent monitor={} message={}",
                    change.monitorId(),
                    summary(to, letter).replace('\n', ' '));
            return ReactionResult.logged("no SMTP server configured (set CLOUDROUTES_SMTP_HOST): the message was "
                    + "written to the log, not sent:\n" + summary(to, letter));
        }
        try {
            mailer.get()
                    .send(new Mailer.Email(services.mailFrom(), to, letter.subject(), letter.text(), letter.html()));
            return ReactionResult.executed("sent " + summary(to, letter));
        } catch (MailFailure failure) {
            return switch (failure) {
                case MailFailure.Unbuildable e -> ReactionResult.failed("could not build the email: " + e.getMessage());
                case MailFailure.CredentialsRefused e ->
                    ReactionResult.failed(
                            "could not send the email: the SMTP server refused the credentials: " + e.getMessage());
                // connection refused, a timeout, a 4xx from the server: the next attempt may go through
                case MailFailure.NotSent e -> ReactionResult.retryable("could not send the email: " + e.getMessage());
            };
        }
    }

    @Override
    public Optional<String> dryRun(StatusChanged change) {
        try {
            Letter letter = letter(change);
            List<String> to = recipientsNow();
            return Optional.of("From: " + services.mailFrom() + "\nTo: "
                    + (to.isEmpty() ? "(nobody: no member of the team is on call)" : String.join(", ", to))
                    + (toOnCall ? "\n(the fixed addresses and the team's members on call now)" : "")
                    + "\nSubject: " + letter.subject()
                    + "\nContent-Type: multipart/alternative\n\n--- text/plain ---\n" + letter.text()
                    + "\n--- text/html ---\n" + letter.html());
        } catch (IllegalArgumentException e) {
            return Optional.of("could not fill the email templates: " + e.getMessage());
        }
    }
}
