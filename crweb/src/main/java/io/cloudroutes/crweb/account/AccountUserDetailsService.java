package io.cloudroutes.crweb.account;

import io.cloudroutes.store.account.UserAccountRepository;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Looks people up by email for login. */
@Service
class AccountUserDetailsService implements UserDetailsService {

    private final UserAccountRepository users;
    // An account made by single sign-on has no password: it gets a hash no password matches (of random bytes, made
    // here), so the form refuses it after a real check, with the answer and the time of a wrong password.
    private final String noPassword;

    AccountUserDetailsService(UserAccountRepository users, PasswordEncoder passwords) {
        this.users = users;
        byte[] unknowable = new byte[32];
        new SecureRandom().nextBytes(unknowable);
        this.noPassword = passwords.encode(Base64.getEncoder().encodeToString(unknowable));
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        if (email == null || email.length() > SignupForm.MAX_EMAIL_LENGTH + 2) {
            // no account has it: not worth a query (room is left for the spaces trim() drops)
            throw new UsernameNotFoundException("no account for this email");
        }
        return users.findByEmail(email.trim())
                .map(user -> new CurrentUser(
                        user.getId(), user.getEmail(), user.hasPassword() ? user.getPasswordHash() : noPassword))
                .orElseThrow(() -> new UsernameNotFoundException("no account for this email"));
    }
}
