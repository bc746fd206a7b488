package io.cloudroutes.crweb.account;

import io.cloudroutes.store.account.UserAccountRepository;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Looks people up by email for login. */
@Service
class AccountUserDetailsService implements UserDetailsService {

    private final UserAccountRepository users;

    AccountUserDetailsService(UserAccountRepository users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        if (email == null || email.length() > SignupForm.MAX_EMAIL_LENGTH + 2) {
            // no account has it: not worth a query (room is left for the spaces trim() drops)
            throw new UsernameNotFoundException("no account for this email");
        }
        return users.findByEmail(email.trim())
                .map(user -> new CurrentUser(user.getId(), user.getEmail(), user.getPasswordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("no account for this email"));
    }
}
