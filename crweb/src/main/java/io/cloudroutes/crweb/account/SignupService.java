package io.cloudroutes.crweb.account;

import io.cloudroutes.store.account.AccountTokenPurpose;
import io.cloudroutes.store.account.AccountTokenRepository;
import io.cloudroutes.store.account.UserAccountRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Creates accounts. A sign-up with an email that is registered already (in any case) does the same work as one with a
 * new email, and leaves the account and its password as they were: the answer cannot tell the two apart. The address
 * gets one mail either way: a new account the link that confirms it (it cannot log in before, while confirmation is
 * required), a registered one a note that someone tried, pointing to log-in and password reset.
 */
@Service
public class SignupService {

    private final UserAccountRepository users;
    private final AccountTokenRepository unconfirmed;
    private final PasswordEncoder passwords;
    private final AccountProperties properties;
    private final AccountTokens tokens;
    private final AccountMail mail;
    private final AccountMailThrottle throttle;

    SignupService(
            UserAccountRepository users,
            AccountTokenRepository unconfirmed,
            PasswordEncoder passwords,
            AccountProperties properties,
            AccountTokens tokens,
            AccountMail mail,
            AccountMailThrottle throttle) {
        this.users = users;
        this.unconfirmed = unconfirmed;
        this.passwords = passwords;
        this.properties = properties;
        this.tokens = tokens;
        this.mail = mail;
        this.throttle = throttle;
    }

    void signUp(String email, String password) {
        String address = email.trim();
        // the password is hashed and one insert statement runs whether the email was free or not
        String hash = passwords.encode(password);
        boolean created = properties.requireEmailConfirmation()
                ? unconfirmed.createUnconfirmedIfAbsent(address, hash) == 1
                : users.createIfAbsent(address, hash) == 1;
        boolean mails = !created || properties.requireEmailConfirmation();
        if (!mails || !throttle.mayMail(address)) {
            return;
        }
        users.findByEmail(address).ifPresent(account -> {
            if (created) {
                mail.emailConfirmation(
                        account.getEmail(), tokens.issue(account.getId(), AccountTokenPurpose.EMAIL_CONFIRMATION));
            } else {
                // confirmed or not, the account keeps its password: an unconfirmed one's owner can reset it
                mail.signupNotice(account.getEmail());
            }
        });
    }

    /**
     * Creates an account without a password for a person whose single sign-on provider vouched for this email, unless
     * one has it already; the id of the account with this email. The log-in form never accepts such an account.
     */
    public long signUpWithoutPassword(String email) {
        users.createWithoutPasswordIfAbsent(email.trim());
        return users.findByEmail(email.trim()).orElseThrow().getId();
    }
}
