package io.cloudroutes.crweb.sso;

import io.cloudroutes.crweb.account.SignupService;
import io.cloudroutes.store.account.AccountTokenRepository;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.sso.ExternalIdentityRepository;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.stereotype.Service;

/**
 * Which account a single sign-on log-in is: the one its identity (issuer, subject) is linked to; otherwise, only when
 * the ID token says the email is verified and its domain is allowed, the account with that email (linked now) or,
 * where the provider may create accounts, a new one without a password. Anything else is refused, saying why.
 */
@Service
class SsoAccounts {

    private static final Logger log = LoggerFactory.getLogger(SsoAccounts.class);
    private static final int MAX_EMAIL_LENGTH = 254;

    private final ExternalIdentityRepository identities;
    private final UserAccountRepository users;
    private final SignupService signups;
    private final AccountTokenRepository tokens;

    SsoAccounts(
            ExternalIdentityRepository identities,
            UserAccountRepository users,
            SignupService signups,
            AccountTokenRepository tokens) {
        this.tokens = tokens;
        this.identities = identities;
        this.users = users;
        this.signups = signups;
    }

    /** The account this ID token logs in as, through this provider. */
    UserAccount accountFor(SsoProperties.Provider provider, OidcIdToken idToken) {
        String issuer = idToken.getIssuer().toString();
        String subject = idToken.getSubject();
        Optional<UserAccount> linked = identities.findUserId(issuer, subject).flatMap(users::findById);
        if (linked.isPresent()) {
            return linked.get();
        }
        String email = idToken.getEmail() == null ? "" : idToken.getEmail().trim();
        // at most 254 characters, as at sign-up (RFC 5321's limit)
        if (email.isEmpty() || !email.contains("@") || email.length() > MAX_EMAIL_LENGTH) {
            throw new SsoRefusedException(SsoRefusal.NO_EMAIL);
        }
        // only the provider's word that the person controls this address lets it stand for an account
        if (!Boolean.TRUE.equals(idToken.getEmailVerified())) {
            throw new SsoRefusedException(SsoRefusal.EMAIL_NOT_VERIFIED);
        }
        if (!provider.allowsDomainOf(email)) {
            throw new SsoRefusedException(SsoRefusal.DOMAIN_NOT_ALLOWED);
        }
        UserAccount account = users.findByEmail(email)
                .or(() -> provider.autoProvision()
                        ? users.findById(signups.signUpWithoutPassword(email))
                        : Optional.empty())
                .orElseThrow(() -> new SsoRefusedException(SsoRefusal.NO_ACCOUNT));
        // An address nobody confirmed: whoever signed up with it may not own it, so the password they chose goes
        // (the person can set one by a reset link), and the provider's word confirms the address.
        if (!tokens.emailConfirmed(account.getId()).orElse(false)) {
            tokens.confirmWithoutPassword(account.getId(), Instant.now());
        }
        identities.linkIfAbsent(issuer, subject, account.getId());
        log.info("single sign-on: an identity at {} is now linked to account {}", provider.id(), account.getId());
        // two first log-ins at once: the identity is the first one's
        return identities.findUserId(issuer, subject).flatMap(users::findById).orElse(account);
    }
}
