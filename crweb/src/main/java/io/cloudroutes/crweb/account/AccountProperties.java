package io.cloudroutes.crweb.account;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How accounts prove their email address and get back in, bound from {@code cloudroutes.accounts.*} (environment:
 * CLOUDROUTES_ACCOUNTS_…).
 *
 * @param requireEmailConfirmation  whether a new account must follow the link mailed at sign-up before it can log in;
 *                                  switch it off only where crweb cannot send mail (a self-hosted install without
 *                                  SMTP)
 * @param confirmationLinkLifetime  how long a confirmation link works
 * @param resetLinkLifetime         how long a password-reset link works
 * @param mailsPerAddress           account mails (confirmation, reset, sign-up notice, team invitation) sent to one email address
 *                                  within {@code mailWindow}; more requests are answered alike and send nothing
 * @param mailRequestsPerClient     requests for a reset or a new confirmation link from one client address (an IPv6
 *                                  /64) within {@code mailWindow}; 0 turns this off (e.g. behind a proxy that hides
 *                                  clients' addresses)
 * @param mailWindow                how long a mail or a request counts
 * @param invitationLinkLifetime    how long a link that invites someone to a team works
 */
@Validated
@ConfigurationProperties("cloudroutes.accounts")
record AccountProperties(
        @DefaultValue("true") boolean requireEmailConfirmation,
        @NotNull @DefaultValue("48h") Duration confirmationLinkLifetime,
        @NotNull @DefaultValue("1h") Duration resetLinkLifetime,
        @Min(1) @DefaultValue("5") int mailsPerAddress,
        @Min(0) @DefaultValue("20") int mailRequestsPerClient,
        @NotNull @DefaultValue("1h") Duration mailWindow,
        @NotNull @DefaultValue("7d") Duration invitationLinkLifetime) {

    AccountProperties {
        atLeastAMinute("confirmation-link-lifetime", confirmationLinkLifetime);
        atLeastAMinute("reset-link-lifetime", resetLinkLifetime);
        atLeastAMinute("mail-window", mailWindow);
        atLeastAMinute("invitation-link-lifetime", invitationLinkLifetime);
    }

    private static void atLeastAMinute(String name, Duration value) {
        // null is left to @NotNull, which names the property
        if (value != null && value.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("cloudroutes.accounts." + name + " must be at least 1m, got " + value);
        }
    }
}
