package io.cloudroutes.crweb.replay;

/** The replay form: an existing reaction, or a proposed one's fields, and how many days back. */
public class ReplayForm {

    private Long reactionId;
    private String name = "";
    private String reactionType = "webhook";
    private String callOn = "FAILED";
    private Integer triggerCount = 1;
    private Integer frequencySeconds = 0;
    private Integer escalationStep = 1;
    private Integer escalationWaitSeconds = 0;
    private Integer days = 7;

    Replays.Proposal proposal() {
        return new Replays.Proposal(
                reactionId,
                name,
                reactionType,
                callOn,
                triggerCount,
                frequencySeconds,
                escalationStep,
                escalationWaitSeconds,
                days);
    }

    public Long getReactionId() {
        return reactionId;
    }

    public void setReactionId(Long reactionId) {
        this.reactionId = reactionId;
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

    public String getCallOn() {
        return callOn;
    }

    public void setCallOn(String callOn) {
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

    public Integer getDays() {
        return days;
    }

    public void setDays(Integer days) {
        this.days = days;
    }
}
