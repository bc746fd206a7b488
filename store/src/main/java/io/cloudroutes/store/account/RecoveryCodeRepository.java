package io.cloudroutes.store.account;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** People's recovery codes, by account. */
public interface RecoveryCodeRepository extends JpaRepository<RecoveryCode, Long> {

    @Query("select count(c) from RecoveryCode c where c.userId = ?1 and c.usedAt is null")
    long countUnused(long userId);

    /**
     * Burns the unused code with this hash: 1 if there was one, 0 if not (wrong, or used already). One statement, so a
     * code cannot be used twice by two requests at once.
     */
    @Modifying
    @Transactional
    @Query("update RecoveryCode c set c.usedAt = ?3 where c.userId = ?1 and c.codeHash = ?2 and c.usedAt is null")
    int burn(long userId, String codeHash, Instant at);

    @Modifying
    @Transactional
    @Query("delete from RecoveryCode c where c.userId = ?1")
    int deleteAllOf(long userId);
}
