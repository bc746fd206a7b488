package io.cloudroutes.store.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A check, after an executed run on a failure, that the run took effect: the monitor recovered within the reaction's
 * time, or the reaction's own look at its target (the server drained, the record answering the standby). Written by
 * the actioner; read here for the run log.
 */
@Entity
@Table(name = "reaction_verifications")
public class ReactionVerification {

    /** The monitor recovers before the due time; the reaction's own check of its target at the due time. */
    public enum Kind {
        RECOVERY,
        REACTION
    }

    @Id
    private Long id;

    @Column(name = "run_id")
    private Long runId;

    @Column(nullable = false)
    @Enumerated(EnumType.STRING)
    private Kind kind;

    @Column(name = "due_at", nullable = false)
    private Instant dueAt;

    /** PASSED, FAILED, or null while it waits. */
    @Column
    private String outcome;

    @Column
    private String detail;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    @Column
    private String escalation;

    protected ReactionVerification() {}

    public Long getId() {
        return id;
    }

    public Long getRunId() {
        return runId;
    }

    public Kind getKind() {
        return kind;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    /** PASSED, FAILED, or PENDING while it waits. */
    public String getState() {
        return outcome == null ? "PENDING" : outcome;
    }

    public String getDetail() {
        return detail;
    }

    public Instant getResolvedAt() {
        return resolvedAt;
    }

    /** What the escalation did about the outcome, or null. */
    public String getEscalation() {
        return escalation;
    }
}
