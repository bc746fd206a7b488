package io.cloudroutes.store.team;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Invitations to teams, found by the hash of their link's token. */
public interface InvitationRepository extends JpaRepository<Invitation, Long> {

    /** The invitation, locked until the transaction ends, so that two clicks accept it once. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select i from Invitation i where i.tokenHash = ?1")
    Optional<Invitation> lockByTokenHash(String tokenHash);

    Optional<Invitation> findByTokenHash(String tokenHash);

    Optional<Invitation> findByIdAndTeamId(Long id, Long teamId);

    /** The team's invitations that can still be accepted, newest first. */
    @Query("select i from Invitation i where i.teamId = ?1 and i.acceptedAt is null and i.withdrawnAt is null "
            + "and i.expiresAt > ?2 order by i.createdAt desc, i.id desc")
    List<Invitation> findOpen(Long teamId, Instant now);

    /** The team's not yet accepted or withdrawn invitations of an address (case-insensitive), expired or not. */
    @Query("select i from Invitation i where i.teamId = ?1 and lower(i.email) = lower(?2) and i.acceptedAt is null "
            + "and i.withdrawnAt is null")
    List<Invitation> findPendingOf(Long teamId, String email);
}
