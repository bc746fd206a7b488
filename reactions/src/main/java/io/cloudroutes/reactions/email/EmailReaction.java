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
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends one email per run: a multipart/alternative message with a plain-text and an HTML part. */
final class EmailReaction implements Reaction {

    private static final Logger log = LoggerFactory.getLogger(EmailReaction.class);

    /**
     * An email reaction's settings, read: the recipients and the compiled templates.
     *
     * @param recipients one address each
     */
    record Config(List<String> recipients, Template subject, Template text, Template html) {}

    private final String[] recipients;
    private final Template subjectTemplate;
    private final Template textTemplate;
    private final Template htmlTemplate;
    private final ReactionServices services;

    EmailReaction(Config config, ReactionServices services) {
        this.recipients = config.recipients().toArray(String[]::new);
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

    private String summary(Letter letter) {
        return "to " + String.join(", ", recipients) + "\nsubject: " + letter.subject() + "\n\n" + letter.text();
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        Letter letter;
        try {
            letter = letter(change);
        } catch (IllegalArgumentException e) {
            return ReactionResult.failed("could not fill the email templates: " + e.getMessage());
        }
        Optional<Mailer> mailer = services.mailer();
        if (mailer.isEmpty()) {
            log.info(
                    "no SMTP server configured, email logged instead of sent monitor={} message={}",
                    change.monitorId(),
                    summary(letter).replace('\n', ' '));
            return ReactionResult.logged("no SMTP server configured (set CLOUDROUTES_SMTP_HOST): the message was "
                    + "written to the log, not sent:\n" + summary(letter));
        }
        try {
            mailer.get()
                    .send(new Mailer.Email(
                            services.mailFrom(), List.of(recipients), letter.subject(), letter.text(), letter.html()));
            return ReactionResult.executed("sent " + summary(letter));
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
            return Optional.of("From: " + services.mailFrom() + "\nTo: " + String.join(", ", recipients)
                    + "\nSubject: " + letter.subject()
                    + "\nContent-Type: multipart/alternative\n\n--- text/plain ---\n" + letter.text()
                    + "\n--- text/html ---\n" + letter.html());
        } catch (IllegalArgumentException e) {
            return Optional.of("could not fill the email templates: " + e.getMessage());
        }
    }
}
