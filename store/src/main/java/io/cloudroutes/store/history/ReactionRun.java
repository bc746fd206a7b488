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

    /** How many attempts the run made (transient failures are retried). */
    @Column(nullable = false)
    private int attempts = 1;

    /** A run that undid, on recovery, what the reaction did on failure. */
    @Column(nullable = false)
    private boolean restore;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at", nullable = false)
    private Instant finishedAt;

    protected ReactionRun() {}

    public ReactionRun(
            Long monitorId,
            Long reactionId,
            String reactionName,
            Long eventId,
            ReactionOutcome outcome,
            String output,
            Instant startedAt,
            Instant finishedAt) {
        this.monitorId = monitorId;
        this.reactionId = reactionId;
        this.reactionName = reactionName;
        this.eventId = eventId;
        this.outcome = outcome;
        this.output = output;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
    }

    /** Sets how many attempts the run took and whether it was a restore. */
    public ReactionRun withAttempts(int attempts, boolean restore) {
        this.attempts = attempts;
        this.restore = restore;
        return this;
    }

    public int getAttempts() {
        return attempts;
    }

    public boolean isRestore() {
        return restore;
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
