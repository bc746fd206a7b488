package io.cloudroutes.store.statuspage;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident note on a status page: a title and a timeline of updates, each moving it to a state; its state is that
 * of the latest update, and it is resolved when that is {@link IncidentState#RESOLVED}.
 */
@Entity
@Table(name = "status_incidents")
public class StatusIncident {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "page_id", nullable = false, updatable = false)
    private Long pageId;

    @Column(nullable = false)
    private String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IncidentState state;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @JoinColumn(name = "incident_id", nullable = false, updatable = false)
    @OrderBy("createdAt, id")
    private List<StatusIncidentUpdate> updates = new ArrayList<>();

    protected StatusIncident() {}

    /** A new incident with its first update. */
    public StatusIncident(long pageId, String title, IncidentState state, String body, Instant now) {
        this.pageId = pageId;
        this.title = title;
        this.createdAt = now;
        append(state, body, now);
    }

    /** Appends an update to the timeline; the incident takes its state. */
    public void append(IncidentState state, String body, Instant now) {
        updates.add(new StatusIncidentUpdate(state, body, now));
        this.state = state;
        this.updatedAt = now;
        this.resolvedAt = state == IncidentState.RESOLVED ? now : null;
    }

    public Long getId() {
        return id;
    }

    public Long getPageId() {
        return pageId;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public IncidentState getState() {
        return state;
    }

    public boolean isResolved() {
        return state == IncidentState.RESOLVED;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getResolvedAt() {
        return resolvedAt;
    }

    /** The timeline, oldest first. */
    public List<StatusIncidentUpdate> getUpdates() {
        return updates;
    }
}
