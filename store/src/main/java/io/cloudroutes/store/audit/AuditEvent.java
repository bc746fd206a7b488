package io.cloudroutes.store.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One thing a member did in a team: who (as they were called then), what, to which thing, when and from where. Never
 * holds a secret or a setting's value: only names and short words.
 */
@Entity
@Table(name = "audit_events")
public class AuditEvent {

    public static final int MAX_DETAILS = 1000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "team_id", nullable = false)
    private Long teamId;

    /** The account that acted; null once it is gone, or for CloudRoutes itself. */
    @Column(name = "actor_id")
    private Long actorId;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String action;

    @Column(name = "target_type", nullable = false)
    private String targetType;

    @Column(name = "target_id")
    private Long targetId;

    @Column(name = "target_name")
    private String targetName;

    private String details;

    private String address;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    protected AuditEvent() {}

    public AuditEvent(
            long teamId,
            Long actorId,
            String actor,
            String action,
            String targetType,
            Long targetId,
            String targetName,
            String details,
            String address,
            Instant occurredAt) {
        this.teamId = teamId;
        this.actorId = actorId;
        this.actor = actor;
        this.action = action;
        this.targetType = targetType;
        this.targetId = targetId;
        this.targetName = targetName;
        this.details = details;
        this.address = address;
        this.occurredAt = occurredAt;
    }

    public Long getId() {
        return id;
    }

    public Long getTeamId() {
        return teamId;
    }

    public Long getActorId() {
        return actorId;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getTargetType() {
        return targetType;
    }

    public Long getTargetId() {
        return targetId;
    }

    public String getTargetName() {
        return targetName;
    }

    public String getDetails() {
        return details;
    }

    public String getAddress() {
        return address;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }
}
