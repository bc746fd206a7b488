package io.cloudroutes.store.monitor;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Monitors. Every user-facing lookup goes through a team-scoped method. */
public interface MonitorRepository extends JpaRepository<Monitor, Long> {

    Optional<Monitor> findByIdAndTeamId(Long id, Long teamId);

    List<Monitor> findByTeamIdOrderByNameAsc(Long teamId);

    long countByTeamId(Long teamId);

    Page<Monitor> findByTeamIdOrderByIdAsc(Long teamId, Pageable page);

    /** With reactions fetched, for the actioner which runs outside a web request. */
    @Query("select distinct m from Monitor m left join fetch m.reactions where m.id = ?1")
    Optional<Monitor> findWithReactions(Long id);

    /**
     * Monitors among {@code ids} with their reactions, in one query: what the bridge writes to Redis for many monitors
     * at once (a rebuild) without a query per monitor for its reactions.
     */
    @Query("select distinct m from Monitor m left join fetch m.reactions where m.id in ?1")
    List<Monitor> findAllWithReactions(Collection<Long> ids);

    /** The ids of the monitors the reaction is attached to. */
    @Query("select m.id from Monitor m join m.reactions r where r.id = ?1 order by m.id")
    List<Long> findIdsByReaction(Long reactionId);

    /** The monitor a pushed result (webhook, heartbeat ping) authenticates as; not team-scoped, the secret is. */
    Optional<Monitor> findByPushSecretHash(String pushSecretHash);

    @Query("select m.id from Monitor m")
    List<Long> findAllIds();
}
