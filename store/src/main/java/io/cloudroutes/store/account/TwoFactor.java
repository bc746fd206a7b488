package io.cloudroutes.store.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A person's second factor: their TOTP secret, sealed and bound to their account, and whether it is on. It is on once
 * {@code enabledAt} is set; until then the secret waits for its first code.
 */
@Entity
@Table(name = "two_factor")
public class TwoFactor {

    @Id
    @Column(name = "user_id")
    private Long userId;

    @Column(name = "sealed_secret", nullable = false)
    private String sealedSecret;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "enabled_at")
    private Instant enabledAt;

    @Column(name = "last_step")
    private Long lastStep;

    protected TwoFactor() {}

    /** A secret being set up for {@code userId}, not on yet. */
    public TwoFactor(long userId, String sealedSecret, Instant createdAt) {
        this.userId = userId;
        this.sealedSecret = sealedSecret;
        this.createdAt = createdAt;
    }

    public Long getUserId() {
        return userId;
    }

    public String getSealedSecret() {
        return sealedSecret;
    }

    public void setSealedSecret(String sealedSecret) {
        this.sealedSecret = sealedSecret;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getEnabledAt() {
        return enabledAt;
    }

    public boolean isEnabled() {
        return enabledAt != null;
    }

    public Long getLastStep() {
        return lastStep;
    }
}
