package io.cloudroutes.store.team;

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
 * An invitation of an email address to a team with a role, mailed as a link: only the hash of the link's token is
 * stored. It is open until it is accepted, withdrawn or expires.
 */
@Entity
@Table(name = "invitations")
public class Invitation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "team_id", nullable = false)
    private Long teamId;

    @Column(nullable = false)
    private String email;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TeamRole role;

    @Column(name = "token_hash", nullable = false)
    private String tokenHash;

    @Column(name = "invited_by")
    private Long invitedBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "accepted_at")
    private Instant acceptedAt;

    @Column(name = "accepted_by")
    private Long acceptedBy;

    @Column(name = "withdrawn_at")
    private Instant withdrawnAt;

    protected Invitation() {}

    public Invitation(
            Long teamId,
            String email,
            TeamRole role,
            String tokenHash,
            Long invitedBy,
            Instant createdAt,
            Instant expiresAt) {
        this.teamId = teamId;
        this.email = email;
        this.role = role;
        this.tokenHash = tokenHash;
        this.invitedBy = invitedBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** Whether it can still be accepted at {@code now}. */
    public boolean openAt(Instant now) {
        return acceptedAt == null && withdrawnAt == null && expiresAt.isAfter(now);
    }

    public void accept(Long userId, Instant now) {
        this.acceptedBy = userId;
        this.acceptedAt = now;
    }

    public void withdraw(Instant now) {
        this.withdrawnAt = now;
    }

    public Long getId() {
        return id;
    }

    public Long getTeamId() {
        return teamId;
    }

    public String getEmail() {
        return email;
    }

    public TeamRole getRole() {
        return role;
    }

    public String getTokenHash() {
        return tokenHash;
    }

    public Long getInvitedBy() {
        return invitedBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getAcceptedAt() {
        return acceptedAt;
    }

    public Long getAcceptedBy() {
        return acceptedBy;
    }

    public Instant getWithdrawnAt() {
        return withdrawnAt;
    }
}
