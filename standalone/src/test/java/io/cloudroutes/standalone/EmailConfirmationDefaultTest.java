package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The standalone lets new accounts log in without confirming their email address only where the confirmation mail
 * could not be sent, and never against the operator's own choice.
 */
class EmailConfirmationDefaultTest {

    private static final Env NO_SETTINGS = Env.of(Map.of());

    @Test
    void withoutAnSmtpServerConfirmationIsTurnedOff() {
        assertThat(EmailConfirmationDefault.turnsConfirmationOff(Map.of(), NO_SETTINGS))
                .isTrue();
        assertThat(EmailConfirmationDefault.turnsConfirmationOff(
                        Map.of("cloudroutes.smtp.port", "2525"), Env.of(Map.of("CLOUDROUTES_SMTP_HOST", " "))))
                .as("a port or a blank host is no SMTP server")
                .isTrue();
    }

    @Test
    void withAnSmtpServerConfirmationStaysRequired() {
        assertThat(EmailConfirmationDefault.turnsConfirmationOff(
                        Map.of(), Env.of(Map.of("CLOUDROUTES_SMTP_HOST", "mail.example.com"))))
                .isFalse();
        assertThat(EmailConfirmationDefault.turnsConfirmationOff(
                        Map.of("cloudroutes.smtp.host", "mail.example.com"), NO_SETTINGS))
                .isFalse();
    }

    @Test
    void theOperatorsChoiceToRequireConfirmationWithoutSmtpIsKept() {
        assertThat(EmailConfirmationDefault.turnsConfirmationOff(
                        Map.of(), Env.of(Map.of("CLOUDROUTES_ACCOUNTS_REQUIRE_EMAIL_CONFIRMATION", "true"))))
                .isFalse();
        for (String spelling : new String[] {
            "cloudroutes.accounts.require-email-confirmation",
            "cloudroutes.accounts.requireEmailConfirmation",
            "cloudroutes.accounts.require_email_confirmation"
        }) {
            assertThat(EmailConfirmationDefault.turnsConfirmationOff(Map.of(spelling, "true"), NO_SETTINGS))
                    .as(spelling)
                    .isFalse();
        }
    }

    @Test
    void theOperatorsChoiceNotToRequireConfirmationWithSmtpIsKept() {
        // nothing to add: crweb reads the operator's false as they gave it, whatever the SMTP server
        assertThat(EmailConfirmationDefault.turnsConfirmationOff(
                        Map.of("cloudroutes.accounts.require-email-confirmation", "false"),
                        Env.of(Map.of("CLOUDROUTES_SMTP_HOST", "mail.example.com"))))
                .isFalse();
        assertThat(EmailConfirmationDefault.turnsConfirmationOff(
                        Map.of("cloudroutes.smtp.host", "mail.example.com"),
                        Env.of(Map.of("CLOUDROUTES_ACCOUNTS_REQUIRE_EMAIL_CONFIRMATION", "false"))))
                .isFalse();
    }
}
