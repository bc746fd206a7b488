package io.cloudroutes.store.account;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** People's second factors, by account id. */
public interface TwoFactorRepository extends JpaRepository<TwoFactor, Long> {

    /**
     * Takes a code of time step {@code step} as used, unless one of that step or a later one was used already: 1 if it
     * was taken, 0 if it is a replay. One statement, so two requests with the same code cannot both succeed.
     */
    @Modifying(clearAutomatically = true)
    @Transactional
    @Query("update TwoFactor t set t.lastStep = ?2 where t.userId = ?1 and t.enabledAt is not null"
            + " and (t.lastStep is null or t.lastStep < ?2)")
    int useStep(long userId, long step);

    /** Switches a set-up secret on with its first code's step; 1 if it was set up and off, else 0. */
    @Modifying(clearAutomatically = true)
    @Transactional
    @Query("update TwoFactor t set t.enabledAt = ?2, t.lastStep = ?3 where t.userId = ?1 and t.enabledAt is null")
    int enable(long userId, Instant at, long step);
}
