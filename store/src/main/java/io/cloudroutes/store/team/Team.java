package io.cloudroutes.store.team;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A team: owns monitors, reactions and API keys, which its members see and change as their {@link TeamRole} allows.
 * Every account has a personal team, made with the account by the database; other teams are shared.
 */
@Entity
@Table(name = "teams")
public class Team {

    public static final int MAX_NAME_LENGTH = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    /** The account whose personal team this is; null for a shared team. */
    @Column(name = "personal_of")
    private Long personalOf;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt = Instant.now();

    protected Team() {}

    /** A shared team. */
    public Team(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** The account whose personal team this is; null for a shared team. */
    public Long getPersonalOf() {
        return personalOf;
    }

    public boolean isPersonal() {
        return personalOf != null;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
