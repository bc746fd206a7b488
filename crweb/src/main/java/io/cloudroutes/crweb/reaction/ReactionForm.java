package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Limits;
import io.cloudroutes.store.reaction.ReactionConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the reaction form sends: when it runs, and the reaction type's settings. */
public class ReactionForm {

    @NotBlank(message = "give the reaction a name")
    @Size(max = Limits.Name.MAX_LENGTH, message = Limits.Name.MESSAGE)
    private String name = "";

    @Size(max = Limits.TypeId.MAX_LENGTH, message = Limits.TypeId.REACTION_MESSAGE)
    private String reactionType = "";

    @NotNull(message = "choose FAILED, HEALTHY or BOTH")
    private CallOn callOn = CallOn.FAILED;

    @NotNull(message = "enter after how many consecutive results it runs")
    @Min(value = Limits.TriggerCount.MIN, message = Limits.TriggerCount.MESSAGE)
    @Max(value = Limits.TriggerCount.MAX, message = Limits.TriggerCount.MESSAGE)
    private Integer triggerCount = 1;

    @NotNull(message = "enter the minimum seconds between two runs (0 for no limit)")
    @Min(value = Limits.FrequencySeconds.MIN, message = Limits.FrequencySeconds.MESSAGE)
    @Max(value = Limits.FrequencySeconds.MAX, message = Limits.FrequencySeconds.MESSAGE)
    private Integer frequencySeconds = 0;

    @NotNull(message = "enter how long one run may take, retries included")
    @Min(value = Limits.RunTimeoutSeconds.MIN, message = Limits.RunTimeoutSeconds.MESSAGE)
    @Max(value = Limits.RunTimeoutSeconds.MAX, message = Limits.RunTimeoutSeconds.MESSAGE)
    private Integer timeoutSeconds = ReactionConfig.DEFAULT_TIMEOUT_SECONDS;

    @NotNull(message = "enter how many times a run may try (1 for no retry)")
    @Min(value = Limits.MaxAttempts.MIN, message = Limits.MaxAttempts.MESSAGE)
    @Max(value = Limits.MaxAttempts.MAX, message = Limits.MaxAttempts.MESSAGE)
    private Integer maxAttempts = ReactionConfig.DEFAULT_MAX_ATTEMPTS;

    @NotNull(message = "enter the escalation step (1 = first)")
    @Min(value = Limits.EscalationStep.MIN, message = Limits.EscalationStep.MESSAGE)
    @Max(value = Limits.EscalationStep.MAX, message = Limits.EscalationStep.MESSAGE)
    private Integer escalationStep = 1;

    @NotNull(message = "enter the seconds to wait before this step (0 = none)")
    @Min(value = Limits.EscalationWaitSeconds.MIN, message = Limits.EscalationWaitSeconds.MESSAGE)
    @Max(value = Limits.EscalationWaitSeconds.MAX, message = Limits.EscalationWaitSeconds.MESSAGE)
    private Integer escalationWaitSeconds = 0;

    private Map<String, String> settings = new LinkedHashMap<>();

    /** Stored secret settings to remove (a blank secret field keeps the stored value). */
    private List<String> clearSecrets = new ArrayList<>();

    static ReactionForm forType(String reactionType) {
        ReactionForm form = new ReactionForm();
        form.setReactionType(reactionType);
        return form;
    }

    static ReactionForm of(ReactionConfig reaction, Map<String, String> visibleSettings) {
        ReactionForm form = new ReactionForm();
        form.setName(reaction.getName());
        form.setReactionType(reaction.getReactionType());
        form.setCallOn(reaction.getCallOn());
        form.setTriggerCount(reaction.getTriggerCount());
        form.setFrequencySeconds(reaction.getFrequencySeconds());
        form.setTimeoutSeconds(reaction.getTimeoutSeconds());
        form.setMaxAttempts(reaction.getMaxAttempts());
        form.setEscalationStep(reaction.getEscalationStep());
        form.setEscalationWaitSeconds(reaction.getEscalationWaitSeconds());
        form.setSettings(new LinkedHashMap<>(visibleSettings));
        return form;
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
}
