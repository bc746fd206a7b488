package io.cloudroutes.store.account;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** Accounts by id and by email (case-insensitive, as the unique index). */
public interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    @Query("select u from UserAccount u where lower(u.email) = lower(?1)")
    Optional<UserAccount> findByEmail(String email);

    @Query("select count(u) > 0 from UserAccount u where lower(u.email) = lower(?1)")
    boolean existsByEmail(String email);

    /**
     * Creates the account unless one with this email (in any case) exists, in one statement that costs the same
     * either way; 1 if it was created, 0 if the email was taken.
     */
    @Modifying
    @Transactional
    @Query(
            value = "insert into users (email, password_hash) values (?1, ?2) on conflict do nothing",
            nativeQuery = true)
    int createIfAbsent(String email, String passwordHash);

    /**
     * Creates an account without a password (one made by a single sign-on log-in) unless one with this email (in any
     * case) exists; 1 if it was created, 0 if the email was taken.
     */
    @Modifying
    @Transactional
    @Query(
            value = "insert into users (email, password_hash) values (?1, null) on conflict do nothing",
            nativeQuery = true)
    int createWithoutPasswordIfAbsent(String email);
}
