package io.cloudroutes.reactions.email;

import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.reactions.Reaction;
import io.cloudroutes.reactions.ReactionResult;
import io.cloudroutes.reactions.ReactionServices;
import io.cloudroutes.reactions.support.TransitionText;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** Sends one plain-text email per run. */
final class EmailReaction implements Reaction {

    private static final Logger log = LoggerFactory.getLogger(EmailReaction.class);

    private final String[] recipients;
    private final String subjectTemplate;
    private final ReactionServices services;

    EmailReaction(String to, String subjectTemplate, ReactionServices services) {
        this.recipients = Arrays.stream(to.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        this.subjectTemplate = subjectTemplate;
        this.services = services;
    }

    @Override
    public ReactionResult run(StatusChanged change, Duration timeout) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(services.mailFrom());
        message.setTo(recipients);
        message.setSubject(TransitionText.fill(subjectTemplate, change));
        message.setText(body(change));
        String summary = "to " + String.join(", ", recipients) + "\nsubject: " + message.getSubject() + "\n\n"
                + message.getText();
        Optional<JavaMailSender> sender = services.mailSender();
        if (sender.isEmpty()) {
            log.info("no SMTP server configured, email logged instead of sent monitor={} message={}",
                    change.monitorId(), summary.replace('\n', ' '));
            return ReactionResult.skipped("no SMTP server configured (set CLOUDROUTES_SMTP_HOST); message logged instead:\n"
                    + summary);
        }
        try {
            sender.get().send(message);
            return ReactionResult.executed("sent " + summary);
        } catch (MailException e) {
            return ReactionResult.failed("could not send the email: " + e.getMessage());
        }
    }

    private String body(StatusChanged change) {
        return change.monitorName() + " is " + change.to() + " (was " + change.from() + ").\n\n"
                + "Reason: " + change.reason() + "\n"
                + "Zone:   " + change.zone() + "\n"
                + "Time:   " + TransitionText.time(change) + "\n\n"
                + TransitionText.monitorLink(services.publicUrl(), change) + "\n";
    }
}
