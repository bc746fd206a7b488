package io.cloudroutes.store.apikey;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** API keys, looked up by the hash of the presented key, or team-scoped for the members managing them. */
public interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    Optional<ApiKey> findByIdAndTeamId(Long id, Long teamId);

    List<ApiKey> findByTeamIdOrderByCreatedAtDesc(Long teamId);

    /** The keys a member made in a team that still work: what leaving the team revokes. */
    List<ApiKey> findByTeamIdAndOwnerIdAndRevokedAtIsNull(Long teamId, Long ownerId);
}
