package io.cloudroutes.store.team;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Teams. */
public interface TeamRepository extends JpaRepository<Team, Long> {

    /** The personal team of an account (every account has one). */
    @Query("select t from Team t where t.personalOf = ?1")
    Optional<Team> findPersonalTeamOf(Long userId);

    /** The id of the personal team of an account (every account has one). */
    @Query("select t.id from Team t where t.personalOf = ?1")
    Long personalTeamIdOf(Long userId);

    /** The team, locked until the transaction ends: changes to its members are made one after the other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Team t where t.id = ?1")
    Optional<Team> lock(Long teamId);
}
