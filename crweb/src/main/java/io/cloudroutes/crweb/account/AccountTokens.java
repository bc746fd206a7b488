package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.AccountToken;
import io.cloudroutes.store.account.AccountTokenPurpose;
import io.cloudroutes.store.account.AccountTokenRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time tokens mailed to an account as links: 256 random bits, of which only the SHA-256 is stored; each works
 * once, for its purpose only, until it expires ({@link AccountProperties}). A new token for a purpose makes the
 * account's older unused ones for it stop working, so only the latest mail's link works.
 */
@Service
class AccountTokens {

    /** What a token starts with, so a person (or a secret scanner) can tell what it is. */
    private static final String PREFIX = "cra_";

    private final AccountTokenRepository tokens;
    private final AccountProperties properties;
    private final Clock clock;

    AccountTokens(AccountTokenRepository tokens, AccountProperties properties, Clock clock) {
        this.tokens = tokens;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new token for {@code purpose}: the one to mail; the account's older unused ones for it stop working. */
    @Transactional
    Issued issue(long userId, AccountTokenPurpose purpose) {
        Instant now = clock.instant();
        tokens.deleteExpired(userId, now);
        tokens.deleteUnused(userId, purpose);
        String token = SecretTokens.generate(PREFIX);
        Instant expires = now.plus(lifetime(purpose));
        tokens.save(new AccountToken(SecretTokens.hash(token), userId, purpose, now, expires));
        return new Issued(token, lifetime(purpose));
    }

    /** A token to mail, and how long it works. */
    record Issued(String token, Duration lifetime) {

        @Override
        public String toString() {
            return "Issued[lifetime=" + lifetime + "]";
        }
    }

    /** The account the token is for, if it is for {@code purpose}, unused and unexpired; it stays usable. */
    Optional<Long> check(String token, AccountTokenPurpose purpose) {
        Instant now = clock.instant();
        return find(token)
                .filter(found -> found.getPurpose() == purpose
                        && found.getUsedAt() == null
                        && found.getExpiresAt().isAfter(now))
                .map(AccountToken::getUserId);
    }

    /**
     * Uses the token: the account it is for, if it was for {@code purpose}, unused and unexpired, and this call (of
     * any number at the same time) was the one that used it; empty otherwise.
     */
    @Transactional
    Optional<Long> use(String token, AccountTokenPurpose purpose) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        String hash = SecretTokens.hash(token);
        if (tokens.useIfValid(hash, purpose, clock.instant()) != 1) {
            return Optional.empty();
        }
        return tokens.findByTokenHash(hash).map(AccountToken::getUserId);
    }

    /** Makes the account's unused tokens for {@code purpose} stop working. */
    void revokeUnused(long userId, AccountTokenPurpose purpose) {
        tokens.deleteUnused(userId, purpose);
    }

    private Optional<AccountToken> find(String token) {
        return wellFormed(token) ? tokens.findByTokenHash(SecretTokens.hash(token)) : Optional.empty();
    }

    /** Whether it could be a token at all: anything else is not worth a query. */
    private static boolean wellFormed(String token) {
        return token != null && token.startsWith(PREFIX) && token.length() <= 100;
    }

    private Duration lifetime(AccountTokenPurpose purpose) {
        return switch (purpose) {
            case EMAIL_CONFIRMATION -> properties.confirmationLinkLifetime();
            case PASSWORD_RESET -> properties.resetLinkLifetime();
        };
    }
}
