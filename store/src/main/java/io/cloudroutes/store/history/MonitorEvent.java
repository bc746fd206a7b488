package io.cloudroutes.store.history;

import io.cloudroutes.core.Status;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A recorded transition of a monitor's status. */
@Entity
@Table(name = "events")
public class MonitorEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "monitor_id", nullable = false)
    private Long monitorId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status", nullable = false)
    private Status fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false)
    private Status toStatus;

    @Column(nullable = false)
    private String reason;

    private String zone;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    /** The id of the result that began the episode; written by the actioner's ledger, null for older events. */
    @Column(insertable = false, updatable = false)
    private String episode;

    protected MonitorEvent() {}

    public MonitorEvent(
            Long monitorId, Status fromStatus, Status toStatus, String reason, String zone, Instant occurredAt) {
        this.monitorId = monitorId;
        this.fromStatus = fromStatus;
        this.toStatus = toStatus;
        this.reason = reason;
        this.zone = zone;
        this.occurredAt = occurredAt;
    }

    public Long getId() {
        return id;
    }

    public Long getMonitorId() {
        return monitorId;
    }

    public Status getFromStatus() {
        return fromStatus;
    }

    public Status getToStatus() {
        return toStatus;
    }

    public String getReason() {
        return reason;
    }

    public String getZone() {
        return zone;
    }

    public String getEpisode() {
        return episode;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }
}
