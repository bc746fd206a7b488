package io.cloudroutes.store.reaction;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.SettingsConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A reaction as the user configured it: which plugin with which settings, and when it runs ({@code callOn},
 * {@code trigger}, {@code frequency}, DESIGN.md section 3). What each field may be is in {@link Limits}, which the
 * schema's CHECK constraints repeat ({@code SchemaLimitsTest} compares them).
 */
@Entity
@Table(name = "reactions")
public class ReactionConfig {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** The team the row belongs to: who may see and change it. */
    @Column(name = "team_id", nullable = false)
    private Long teamId;

    /** The account that made the row; its secret settings are sealed for it, so it never changes. */
    @Column(name = "owner_id", nullable = false)
    private Long ownerId;

    @Column(nullable = false)
    private String name;

    @Column(name = "reaction_type", nullable = false)
    private String reactionType;

    @Convert(converter = SettingsConverter.class)
    @Column(nullable = false)
    private Map<String, String> settings = new LinkedHashMap<>();

    /**
     * The id this row's sealed secrets are bound to ({@link SecretScope}): random, given when the row is made, before it
     * has a database id, and never changed.
     */
    @Column(name = "seal_id", nullable = false, updatable = false)
    private UUID sealId = UUID.randomUUID();

    @Enumerated(EnumType.STRING)
    @Column(name = "call_on", nullable = false)
    private CallOn callOn = CallOn.FAILED;

    /**
     * Run once the status has held for this many consecutive results (1 = at the transition);
     * {@link Limits.TriggerCount}.
     */
    @Column(name = "trigger_count", nullable = false)
    private int triggerCount = 1;

    /** Minimum seconds between two runs for the same monitor (0 = no limit); {@link Limits.FrequencySeconds}. */
    @Column(name = "frequency_seconds", nullable = false)
    private int frequencySeconds;

    /** The time budget of one run, all attempts included; {@link Limits.RunTimeoutSeconds}. */
    @Column(name = "timeout_seconds", nullable = false)
    private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;

    /** How many times a run may try when its failures are transient (1 = no retry); {@link Limits.MaxAttempts}. */
    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    /**
     * Escalation step among the monitor's reactions due together: lower steps run first; {@link Limits.EscalationStep}.
     */
    @Column(name = "escalation_step", nullable = false)
    private int escalationStep = 1;

    /**
     * Seconds to wait after the previous step ran before this step runs, if the status still holds;
     * {@link Limits.EscalationWaitSeconds}.
     */
    @Column(name = "escalation_wait_seconds", nullable = false)
    private int escalationWaitSeconds;

    /** Whether its runs are disruptive, where the reaction says; null: as its type says ({@link #isDisruptive}). */
    @Column(name = "disruptive")
    private Boolean disruptive;

    /**
     * Seconds within which the monitor must recover after an executed run on a failure, or the next escalation step is
     * due at once; null: no such check. {@link Limits.VerifyWithinSeconds}.
     */
    @Column(name = "verify_within_seconds")
    private Integer verifyWithinSeconds;

    /** Whether each run waits for a person's approval (held until approved, denied or timed out). */
    @Column(name = "approval_required", nullable = false)
    private boolean approvalRequired;

    /** How long a run waits for approval; {@link Limits.ApprovalTimeoutSeconds}. */
    @Column(name = "approval_timeout_seconds", nullable = false)
    private int approvalTimeoutSeconds = DEFAULT_APPROVAL_TIMEOUT_SECONDS;

    /** What a run does when nobody answered within the time limit. */
    @Enumerated(EnumType.STRING)
    @Column(name = "on_approval_timeout", nullable = false)
    private OnApprovalTimeout onApprovalTimeout = OnApprovalTimeout.SKIP;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt = Instant.now();

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt = Instant.now();

    public static final int DEFAULT_TIMEOUT_SECONDS = 30;

    /** How long a run waits for approval unless the reaction says otherwise: ten minutes. */
    public static final int DEFAULT_APPROVAL_TIMEOUT_SECONDS = 600;

    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    protected ReactionConfig() {}

    /** A reaction of {@code teamId}, made by the account {@code ownerId}. */
    public ReactionConfig(Long teamId, Long ownerId, String name, String reactionType) {
        this.teamId = teamId;
        this.ownerId = ownerId;
        this.name = name;
        this.reactionType = reactionType;
    }

    public Long getId() {
        return id;
    }

    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public int getEscalationStep() {
        return escalationStep;
    }

    public void setEscalationStep(int escalationStep) {
        this.escalationStep = escalationStep;
    }

    public int getEscalationWaitSeconds() {
        return escalationWaitSeconds;
    }

    public void setEscalationWaitSeconds(int escalationWaitSeconds) {
        this.escalationWaitSeconds = escalationWaitSeconds;
    }

    /** The team the row belongs to. */
    public Long getTeamId() {
        return teamId;
    }

    public Long getOwnerId() {
        return ownerId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getReactionType() {
        return reactionType;
    }

    public void setReactionType(String reactionType) {
        this.reactionType = reactionType;
    }

    /** The row its secret settings are sealed for: kind, owner and seal id. */
    public SecretScope secretScope() {
        return new SecretScope(SecretScope.REACTION, ownerId, sealId.toString());
    }

    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = new LinkedHashMap<>(settings);
    }

    public CallOn getCallOn() {
        return callOn;
    }

    public void setCallOn(CallOn callOn) {
        this.callOn = callOn;
    }

    public int getTriggerCount() {
        return triggerCount;
    }

    public void setTriggerCount(int triggerCount) {
        this.triggerCount = triggerCount;
    }

    public int getFrequencySeconds() {
        return frequencySeconds;
    }

    public void setFrequencySeconds(int frequencySeconds) {
        this.frequencySeconds = frequencySeconds;
    }

    public Integer getVerifyWithinSeconds() {
        return verifyWithinSeconds;
    }

    public void setVerifyWithinSeconds(Integer verifyWithinSeconds) {
        this.verifyWithinSeconds = verifyWithinSeconds;
    }

    public Boolean getDisruptive() {
        return disruptive;
    }

    public void setDisruptive(Boolean disruptive) {
        this.disruptive = disruptive;
    }

    /**
     * Whether safeguards treat its runs as disruptive: the reaction's own say when it has one (a generic command or
     * request that reboots or fails over), else its type's ({@link ReactionType#disruptive}).
     */
    public boolean isDisruptive(ReactionType type) {
        return disruptive != null ? disruptive : type != null && type.disruptive();
    }

    public boolean isApprovalRequired() {
        return approvalRequired;
    }

    public void setApprovalRequired(boolean approvalRequired) {
        this.approvalRequired = approvalRequired;
    }

    public int getApprovalTimeoutSeconds() {
        return approvalTimeoutSeconds;
    }

    public void setApprovalTimeoutSeconds(int approvalTimeoutSeconds) {
        this.approvalTimeoutSeconds = approvalTimeoutSeconds;
    }

    public OnApprovalTimeout getOnApprovalTimeout() {
        return onApprovalTimeout;
    }

    public void setOnApprovalTimeout(OnApprovalTimeout onApprovalTimeout) {
        this.onApprovalTimeout = onApprovalTimeout;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void touch() {
        this.updatedAt = Instant.now();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReactionConfig that && id != null && id.equals(that.id);
    }

    @Override
    public int hashCode() {
        return ReactionConfig.class.hashCode();
    }
}
