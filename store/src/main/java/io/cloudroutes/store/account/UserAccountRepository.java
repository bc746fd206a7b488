package io.cloudroutes.store.account;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Accounts by id and by email (case-insensitive, as the unique index). */
public interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    @Query("select u from UserAccount u where lower(u.email) = lower(?1)")
    Optional<UserAccount> findByEmail(String email);

    @Query("select count(u) > 0 from UserAccount u where lower(u.email) = lower(?1)")
    boolean existsByEmail(String email);
}
