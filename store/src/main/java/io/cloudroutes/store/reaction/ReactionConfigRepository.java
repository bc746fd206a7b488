package io.cloudroutes.store.reaction;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Reactions. Every user-facing lookup goes through an owner-scoped method. */
public interface ReactionConfigRepository extends JpaRepository<ReactionConfig, Long> {

    Optional<ReactionConfig> findByIdAndOwnerId(Long id, Long ownerId);

    List<ReactionConfig> findByOwnerIdOrderByNameAsc(Long ownerId);

    List<ReactionConfig> findByOwnerIdAndIdIn(Long ownerId, Collection<Long> ids);
}
