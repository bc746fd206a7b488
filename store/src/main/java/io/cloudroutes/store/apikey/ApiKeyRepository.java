package io.cloudroutes.store.apikey;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** API keys, looked up by the hash of the presented key or owner-scoped for the person managing them. */
public interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    Optional<ApiKey> findByIdAndOwnerId(Long id, Long ownerId);

    List<ApiKey> findByOwnerIdOrderByCreatedAtDesc(Long ownerId);
}
