package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.store.reaction.OnApprovalTimeout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the reaction form sends, bound field by field; {@link #draft} is what it asks for. */
public class ReactionForm {

    private String name;
    private String reactionType;
    private CallOn callOn;
    private Integer triggerCount;
    private Integer frequencySeconds;
    private Integer timeoutSeconds;
    private Integer maxAttempts;
    private Integer escalationStep;
    private Integer escalationWaitSeconds;
    private Boolean disruptive;
    private Integer verifyWithinSeconds;

    private Boolean approvalRequired;
    private Integer approvalTimeoutSeconds;
    private OnApprovalTimeout onApprovalTimeout;
    private Map<String, String> settings;

    /** Stored secret settings to remove (a blank secret field keeps the stored value). */
    private List<String> clearSecrets;

    /** A form with the defaults of a new reaction: fields a post leaves out keep them. */
    public ReactionForm() {
        this(ReactionDraft.forType(""));
    }

    ReactionForm(ReactionDraft draft) {
        name = draft.name();
        reactionType = draft.reactionType();
        callOn = draft.callOn();
        triggerCount = draft.triggerCount();
        frequencySeconds = draft.frequencySeconds();
        timeoutSeconds = draft.timeoutSeconds();
        maxAttempts = draft.maxAttempts();
        escalationStep = draft.escalationStep();
        escalationWaitSeconds = draft.escalationWaitSeconds();
        disruptive = draft.disruptive();
        verifyWithinSeconds = draft.verifyWithinSeconds();

        approvalRequired = draft.approvalRequired();
        approvalTimeoutSeconds = draft.approvalTimeoutSeconds();
        onApprovalTimeout = draft.onApprovalTimeout();
        settings = new LinkedHashMap<>(draft.settings());
        clearSecrets = new ArrayList<>(draft.clearSecrets());
    }

    ReactionDraft draft() {
        return new ReactionDraft(
                name,
                reactionType,
                callOn,
                triggerCount,
                frequencySeconds,
                timeoutSeconds,
                maxAttempts,
                escalationStep,
                escalationWaitSeconds,
                disruptive,
                verifyWithinSeconds,
                approvalRequired,
                approvalTimeoutSeconds,
                onApprovalTimeout,
                settings,
                clearSecrets);
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Integer getEscalationStep() {
        return escalationStep;
    }

    public void setEscalationStep(Integer escalationStep) {
        this.escalationStep = escalationStep;
    }

    public Integer getEscalationWaitSeconds() {
        return escalationWaitSeconds;
    }

    public void setEscalationWaitSeconds(Integer escalationWaitSeconds) {
        this.escalationWaitSeconds = escalationWaitSeconds;
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

    public CallOn getCallOn() {
        return callOn;
    }

    public void setCallOn(CallOn callOn) {
        this.callOn = callOn;
    }

    public Integer getTriggerCount() {
        return triggerCount;
    }

    public void setTriggerCount(Integer triggerCount) {
        this.triggerCount = triggerCount;
    }

    public Integer getFrequencySeconds() {
        return frequencySeconds;
    }

    public void setFrequencySeconds(Integer frequencySeconds) {
        this.frequencySeconds = frequencySeconds;
    }

    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = settings;
    }

    public List<String> getClearSecrets() {
        return clearSecrets;
    }

    public void setClearSecrets(List<String> clearSecrets) {
        this.clearSecrets = clearSecrets == null ? new ArrayList<>() : clearSecrets;
    }

    public Boolean getApprovalRequired() {
        return approvalRequired;
    }

    public void setApprovalRequired(Boolean approvalRequired) {
        this.approvalRequired = approvalRequired;
    }

    public Integer getApprovalTimeoutSeconds() {
        return approvalTimeoutSeconds;
    }

    public void setApprovalTimeoutSeconds(Integer approvalTimeoutSeconds) {
        this.approvalTimeoutSeconds = approvalTimeoutSeconds;
    }

    public OnApprovalTimeout getOnApprovalTimeout() {
        return onApprovalTimeout;
    }

    public void setOnApprovalTimeout(OnApprovalTimeout onApprovalTimeout) {
        this.onApprovalTimeout = onApprovalTimeout;
    }
}
