package io.cloudroutes.store.history;

import io.cloudroutes.core.ReactionOutcome;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of a reaction for a monitor, with its outcome and output. */
@Entity
@Table(name = "reaction_runs")
public class ReactionRun {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "monitor_id", nullable = false)
    private Long monitorId;

    @Column(name = "reaction_id")
    private Long reactionId;

    @Column(name = "reaction_name", nullable = false)
    private String reactionName;

    @Column(name = "event_id")
    private Long eventId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ReactionOutcome outcome;

    @Column(nullable = false)
    private String output;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at", nullable = false)
    private Instant finishedAt;

    protected ReactionRun() {
    }

    public ReactionRun(Long monitorId, Long reactionId, String reactionName, Long eventId, ReactionOutcome outcome,
            String output, Instant startedAt, Instant finishedAt) {
        this.monitorId = monitorId;
        this.reactionId = reactionId;
        this.reactionName = reactionName;
        this.eventId = eventId;
        this.outcome = outcome;
        this.output = output;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
    }

    public Long getId() {
        return id;
    }

    public Long getMonitorId() {
        return monitorId;
    }

    public Long getReactionId() {
        return reactionId;
    }

    public String getReactionName() {
        return reactionName;
    }

    public Long getEventId() {
        return eventId;
    }

    public ReactionOutcome getOutcome() {
        return outcome;
    }

    public String getOutput() {
        return output;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
