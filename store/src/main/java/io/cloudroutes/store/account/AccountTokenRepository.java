package io.cloudroutes.store.account;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time account tokens, and the changes to an account that following one makes: its email address confirmed, a
 * new password. Sign-up's unconfirmed account is made here too, since only a token can confirm it.
 */
public interface AccountTokenRepository extends JpaRepository<AccountToken, Long> {

    /** The token of this hash, used or not, expired or not. */
    Optional<AccountToken> findByTokenHash(String tokenHash);

    /**
     * Marks the token of this hash used, if it is for {@code purpose}, unused and unexpired at {@code now}: 1 if this
     * call used it, 0 otherwise (so of two requests with the same link, one wins).
     */
    @Modifying
    @Transactional
    @Query("update AccountToken t set t.usedAt = ?3 where t.tokenHash = ?1 and t.purpose = ?2 and t.usedAt is null"
            + " and t.expiresAt > ?3")
    int useIfValid(String tokenHash, AccountTokenPurpose purpose, Instant now);

    /** Forgets the account's unused tokens for {@code purpose}: their links stop working. */
    @Modifying
    @Transactional
    @Query("delete from AccountToken t where t.userId = ?1 and t.purpose = ?2 and t.usedAt is null")
    int deleteUnused(Long userId, AccountTokenPurpose purpose);

    /** Forgets the account's tokens that expired before {@code now}: they can do nothing any more. */
    @Modifying
    @Transactional
    @Query("delete from AccountToken t where t.userId = ?1 and t.expiresAt <= ?2")
    int deleteExpired(Long userId, Instant now);

    /**
     * Creates an account whose email address still needs confirming, unless one with this email (in any case) exists,
     * in one statement that costs the same either way; 1 if it was created, 0 if the email was taken.
     */
    @Modifying
    @Transactional
    @Query(
            value = "insert into users (email, password_hash, email_confirmed_at) values (?1, ?2, null)"
                    + " on conflict do nothing",
            nativeQuery = true)
    int createUnconfirmedIfAbsent(String email, String passwordHash);

    /** Whether the account's email address is confirmed; empty when there is no such account. */
    @Query(value = "select email_confirmed_at is not null from users where id = ?1", nativeQuery = true)
    Optional<Boolean> emailConfirmed(Long userId);

    /**
     * Confirms the account's email address and removes its password: an address confirmed by someone else (a single
     * sign-on provider) than whoever chose the password at sign-up.
     */
    @Modifying
    @Transactional
    @Query(
            value = "update users set email_confirmed_at = coalesce(email_confirmed_at, ?2), password_hash = null "
                    + "where id = ?1 and email_confirmed_at is null",
            nativeQuery = true)
    int confirmWithoutPassword(Long userId, Instant at);

    /** Confirms the account's email address (keeping the first time it was confirmed). */
    @Modifying
    @Transactional
    @Query(
            value = "update users set email_confirmed_at = coalesce(email_confirmed_at, ?2) where id = ?1",
            nativeQuery = true)
    int confirmEmail(Long userId, Instant at);

    /** Sets the account's password hash and confirms its email address: a reset link proved the inbox. */
    @Modifying
    @Transactional
    @Query(
            value = "update users set password_hash = ?2, email_confirmed_at = coalesce(email_confirmed_at, ?3)"
                    + " where id = ?1",
            nativeQuery = true)
    int resetPassword(Long userId, String passwordHash, Instant at);
}
