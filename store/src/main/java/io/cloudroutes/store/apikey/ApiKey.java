package io.cloudroutes.store.apikey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A key that lets a program use the REST API in one team as the member who made it (its owner), with that member's
 * role, within its {@link ApiKeyScope} and until it expires (if it
 * does); only a hash of the key is stored.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** The team the row belongs to: who may see and change it. */
    @Column(name = "team_id", nullable = false)
    private Long teamId;

    /** The member who made the key, and whom it acts as. */
    @Column(name = "owner_id", nullable = false)
    private Long ownerId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String prefix;

    @Column(name = "key_hash", nullable = false)
    private String keyHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt = Instant.now();

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ApiKeyScope scope = ApiKeyScope.READ_WRITE;

    /** When the key stops working; null for never. */
    @Column(name = "expires_at")
    private Instant expiresAt;

    protected ApiKey() {}

    /** A read-write key that does not expire. */
    public ApiKey(Long teamId, Long ownerId, String name, String prefix, String keyHash) {
        this(teamId, ownerId, name, prefix, keyHash, ApiKeyScope.READ_WRITE, null);
    }

    public ApiKey(
            Long teamId,
            Long ownerId,
            String name,
            String prefix,
            String keyHash,
            ApiKeyScope scope,
            Instant expiresAt) {
        this.teamId = teamId;
        this.ownerId = ownerId;
        this.name = name;
        this.prefix = prefix;
        this.keyHash = keyHash;
        this.scope = scope;
        this.expiresAt = expiresAt;
    }

    public Long getId() {
        return id;
    }

    /** The team the row belongs to. */
    public Long getTeamId() {
        return teamId;
    }

    public Long getOwnerId() {
        return ownerId;
    }

    public String getName() {
        return name;
    }

    public String getPrefix() {
        return prefix;
    }

    public String getKeyHash() {
        return keyHash;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public void setLastUsedAt(Instant lastUsedAt) {
        this.lastUsedAt = lastUsedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public void revoke(Instant at) {
        this.revokedAt = at;
    }

    public ApiKeyScope getScope() {
        return scope;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    /** Whether the key has expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
