package io.cloudroutes.store.sso;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An identity at an OpenID Connect provider (its issuer and subject), linked to the account it logs in as. */
@Entity
@Table(name = "external_identities")
public class ExternalIdentity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String issuer;

    @Column(nullable = false)
    private String subject;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt = Instant.now();

    protected ExternalIdentity() {}

    public String getIssuer() {
        return issuer;
    }

    public String getSubject() {
        return subject;
    }

    public long getUserId() {
        return userId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
