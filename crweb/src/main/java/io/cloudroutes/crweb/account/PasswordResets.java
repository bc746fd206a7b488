package io.cloudroutes.crweb.account;

import io.cloudroutes.store.account.AccountTokenPurpose;
import io.cloudroutes.store.account.AccountTokenRepository;
import io.cloudroutes.store.account.UserAccountRepository;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password reset by a link mailed to the account's address: the link works once, for an hour by default, and only the
 * latest one asked for. Setting the new password also confirms the address (the link proved the inbox), clears the
 * address's failed log-ins, and publishes {@link PasswordChanged}.
 */
@Service
class PasswordResets {

    private final AccountTokens tokens;
    private final AccountTokenRepository accounts;
    private final UserAccountRepository users;
    private final PasswordEncoder passwords;
    private final AccountMail mail;
    private final AccountMailThrottle throttle;
    private final LoginThrottle logins;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PasswordResets(
            AccountTokens tokens,
            AccountTokenRepository accounts,
            UserAccountRepository users,
            PasswordEncoder passwords,
            AccountMail mail,
            AccountMailThrottle throttle,
            LoginThrottle logins,
            ApplicationEventPublisher events,
            Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.users = users;
        this.passwords = passwords;
        this.mail = mail;
        this.throttle = throttle;
        this.logins = logins;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Mails a reset link if {@code email} has an account, within the limits of account mail; does nothing otherwise.
     * The caller answers the same either way.
     */
    void request(String email, String client) {
        String address = email.trim();
        if (!throttle.clientMayAsk(client) || !throttle.mayMail(address)) {
            return;
        }
        users.findByEmail(address)
                .ifPresent(account -> mail.passwordReset(
                        account.getEmail(), tokens.issue(account.getId(), AccountTokenPurpose.PASSWORD_RESET)));
    }

    /** Whether the link still works (it is not used by this). */
    boolean linkWorks(String token) {
        return tokens.check(token, AccountTokenPurpose.PASSWORD_RESET).isPresent();
    }

    /**
     * Uses the link to set the account's password; false, changing nothing, when the link is unknown, used, expired
     * or for another purpose.
     */
    @Transactional
    boolean reset(String token, String newPassword) {
        String hash = passwords.encode(newPassword);
        Optional<Long> used = tokens.use(token, AccountTokenPurpose.PASSWORD_RESET);
        if (used.isEmpty()) {
            return false;
        }
        long userId = used.get();
        accounts.resetPassword(userId, hash, clock.instant());
        tokens.revokeUnused(userId, AccountTokenPurpose.PASSWORD_RESET);
        tokens.revokeUnused(userId, AccountTokenPurpose.EMAIL_CONFIRMATION);
        users.findById(userId).ifPresent(account -> logins.succeeded(account.getEmail()));
        events.publishEvent(new PasswordChanged(userId));
        return true;
    }
}
