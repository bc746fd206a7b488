package io.cloudroutes.crweb.account;

import io.cloudroutes.store.account.UserAccountRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Creates accounts. A sign-up with an email that is registered already (in any case) does the same work as one with a
 * new email, and leaves the account and its password as they were: the answer cannot tell the two apart.
 */
@Service
public class SignupService {

    private final UserAccountRepository users;
    private final PasswordEncoder passwords;

    SignupService(UserAccountRepository users, PasswordEncoder passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    void signUp(String email, String password) {
        // the password is hashed and one insert statement runs whether the email was free or not
        users.createIfAbsent(email.trim(), passwords.encode(password));
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
