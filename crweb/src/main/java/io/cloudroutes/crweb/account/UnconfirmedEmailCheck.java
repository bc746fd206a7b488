package io.cloudroutes.crweb.account;

import io.cloudroutes.store.account.AccountTokenRepository;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsChecker;
import org.springframework.stereotype.Component;

/**
 * Refuses a log-in to an account whose email address is not confirmed, when confirmation is required. It runs after
 * the password matched (so only someone with the password learns that the address waits for confirmation), in place
 * of Spring Security's check that the credentials have not expired, which it keeps.
 */
@Component
class UnconfirmedEmailCheck implements UserDetailsChecker {

    private final AccountTokenRepository accounts;
    private final AccountProperties properties;

    UnconfirmedEmailCheck(AccountTokenRepository accounts, AccountProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void check(UserDetails user) {
        if (!user.isCredentialsNonExpired()) {
            throw new CredentialsExpiredException("the password of this account has expired");
        }
        if (properties.requireEmailConfirmation()
                && user instanceof CurrentUser current
                && !accounts.emailConfirmed(current.id()).orElse(true)) {
            throw new EmailNotConfirmedException();
        }
    }
}
