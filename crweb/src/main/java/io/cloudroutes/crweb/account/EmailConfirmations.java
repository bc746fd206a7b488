package io.cloudroutes.crweb.account;

import io.cloudroutes.store.account.AccountTokenPurpose;
import io.cloudroutes.store.account.AccountTokenRepository;
import io.cloudroutes.store.account.UserAccountRepository;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Confirms accounts' email addresses by the link mailed at sign-up, and mails a new link on request. */
@Service
class EmailConfirmations {

    private final AccountTokens tokens;
    private final AccountTokenRepository accounts;
    private final UserAccountRepository users;
    private final AccountMail mail;
    private final AccountMailThrottle throttle;
    private final AccountProperties properties;
    private final Clock clock;

    EmailConfirmations(
            AccountTokens tokens,
            AccountTokenRepository accounts,
            UserAccountRepository users,
            AccountMail mail,
            AccountMailThrottle throttle,
            AccountProperties properties,
            Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.users = users;
        this.mail = mail;
        this.throttle = throttle;
        this.properties = properties;
        this.clock = clock;
    }

    /** Confirms the address the link was mailed to; false when the link is unknown, used, expired or for another purpose. */
    @Transactional
    boolean confirm(String token) {
        return tokens.use(token, AccountTokenPurpose.EMAIL_CONFIRMATION)
                .map(userId -> accounts.confirmEmail(userId, clock.instant()) == 1)
                .orElse(false);
    }

    /**
     * Mails a new confirmation link if {@code email} has an account that waits for one, within the limits of account
     * mail; does nothing otherwise. The caller answers the same either way.
     */
    void resend(String email, String client) {
        String address = email.trim();
        if (!properties.requireEmailConfirmation() || !throttle.clientMayAsk(client) || !throttle.mayMail(address)) {
            return;
        }
        users.findByEmail(address)
                .filter(account -> !accounts.emailConfirmed(account.getId()).orElse(true))
                .ifPresent(account -> mail.emailConfirmation(
                        account.getEmail(), tokens.issue(account.getId(), AccountTokenPurpose.EMAIL_CONFIRMATION)));
    }
}
