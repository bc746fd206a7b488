package io.cloudroutes.store.outbox;

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
 * A monitor change waiting to be applied to Redis. Written in the same transaction as the change itself, so Redis
 * can never miss a change that Postgres committed.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    /** What happened to the monitor. */
    public enum Operation {
        UPSERT,
        DELETE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "monitor_id", nullable = false)
    private Long monitorId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Operation operation;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt = Instant.now();

    protected OutboxEntry() {}

    private OutboxEntry(Long monitorId, Operation operation) {
        this.monitorId = monitorId;
        this.operation = operation;
    }

    public static OutboxEntry upsert(Long monitorId) {
        return new OutboxEntry(monitorId, Operation.UPSERT);
    }

    public static OutboxEntry delete(Long monitorId) {
        return new OutboxEntry(monitorId, Operation.DELETE);
    }

    public Long getId() {
        return id;
    }

    public Long getMonitorId() {
        return monitorId;
    }

    public Operation getOperation() {
        return operation;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
