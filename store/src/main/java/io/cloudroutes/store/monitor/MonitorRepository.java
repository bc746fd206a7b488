package io.cloudroutes.store.monitor;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Monitors. Every user-facing lookup goes through an owner-scoped method. */
public interface MonitorRepository extends JpaRepository<Monitor, Long> {

    Optional<Monitor> findByIdAndOwnerId(Long id, Long ownerId);

    List<Monitor> findByOwnerIdOrderByNameAsc(Long ownerId);

    long countByOwnerId(Long ownerId);

    Page<Monitor> findByOwnerIdOrderByIdAsc(Long ownerId, Pageable page);

    /** With reactions fetched, for the actioner which runs outside a web request. */
    @Query("select distinct m from Monitor m left join fetch m.reactions where m.id = ?1")
    Optional<Monitor> findWithReactions(Long id);

    /** The monitor a pushed result (webhook, heartbeat ping) authenticates as; not owner-scoped, the secret is. */
    Optional<Monitor> findByPushSecretHash(String pushSecretHash);

    @Query("select m.id from Monitor m")
    List<Long> findAllIds();
}
