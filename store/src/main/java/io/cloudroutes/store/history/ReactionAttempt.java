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

/** One attempt of a reaction run: a run retries transient failures, and every attempt is kept. */
@Entity
@Table(name = "reaction_attempts")
public class ReactionAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "run_id", nullable = false)
    private Long runId;

    @Column(nullable = false)
    private int attempt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ReactionOutcome outcome;

    @Column(nullable = false)
    private boolean retryable;

    @Column(nullable = false)
    private String output;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at", nullable = false)
    private Instant finishedAt;

    protected ReactionAttempt() {}

    public ReactionAttempt(
            Long runId,
            int attempt,
            ReactionOutcome outcome,
            boolean retryable,
            String output,
            Instant startedAt,
            Instant finishedAt) {
        this.runId = runId;
        this.attempt = attempt;
        this.outcome = outcome;
        this.retryable = retryable;
        this.output = output;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
    }

    public Long getId() {
        return id;
    }

    public Long getRunId() {
        return runId;
    }

    public int getAttempt() {
        return attempt;
    }

    public ReactionOutcome getOutcome() {
        return outcome;
    }

    public boolean isRetryable() {
        return retryable;
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
