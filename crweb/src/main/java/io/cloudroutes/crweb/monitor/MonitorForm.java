package io.cloudroutes.crweb.monitor;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.store.monitor.Monitor;
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

/** What the monitor form sends: the common fields, the check type's settings, and the reactions to attach. */
public class MonitorForm {

    @NotBlank(message = "give the monitor a name")
    @Size(max = Limits.Name.MAX_LENGTH, message = Limits.Name.MESSAGE)
    private String name = "";

    @Size(max = Limits.TypeId.MAX_LENGTH, message = Limits.TypeId.CHECK_MESSAGE)
    private String checkType = "";

    @NotNull(message = "enter an interval in seconds")
    private Integer intervalSeconds = 60;

    @NotNull(message = "enter a timeout in seconds")
    @Min(value = Limits.CheckTimeoutSeconds.MIN, message = Limits.CheckTimeoutSeconds.MESSAGE)
    @Max(value = Limits.CheckTimeoutSeconds.MAX, message = Limits.CheckTimeoutSeconds.MESSAGE)
    private Integer timeoutSeconds = 10;

    @NotNull(message = "enter how many failures in a row make the monitor FAILED")
    @Min(value = Limits.FailThreshold.MIN, message = Limits.FailThreshold.MESSAGE)
    @Max(value = Limits.FailThreshold.MAX, message = Limits.FailThreshold.MESSAGE)
    private Integer failThreshold = Monitor.DEFAULT_FAIL_THRESHOLD;

    @NotNull(message = "enter how many successes in a row make the monitor HEALTHY again")
    @Min(value = Limits.RecoverThreshold.MIN, message = Limits.RecoverThreshold.MESSAGE)
    @Max(value = Limits.RecoverThreshold.MAX, message = Limits.RecoverThreshold.MESSAGE)
    private Integer recoverThreshold = Monitor.DEFAULT_RECOVER_THRESHOLD;

    private boolean enabled = true;

    @Size(max = Limits.Zones.MAX_TYPED_LENGTH, message = Limits.Zones.TYPED_MESSAGE)
    private String zones = MonitorDefinition.DEFAULT_ZONE;

    @NotNull(message = "choose how the zones' statuses combine")
    private Quorum quorum = Quorum.MAJORITY;

    private Map<String, String> settings = new LinkedHashMap<>();

    /** Stored secret settings to remove (a blank secret field keeps the stored value). */
    private List<String> clearSecrets = new ArrayList<>();

    @Size(max = Limits.AttachedReactions.MOST, message = Limits.AttachedReactions.MESSAGE)
    private List<Long> reactionIds = new ArrayList<>();

    static MonitorForm forType(String checkType) {
        MonitorForm form = new MonitorForm();
        form.setCheckType(checkType);
        return form;
    }

    /** A new form for the type; a pushed type starts at failure threshold 1, since its sender already decided. */
    public static MonitorForm forType(CheckType type) {
        MonitorForm form = forType(type.id());
        if (type.pushed()) {
            form.setFailThreshold(1);
        }
        return form;
    }

    static MonitorForm of(Monitor monitor, Map<String, String> visibleSettings) {
        MonitorForm form = new MonitorForm();
        form.setName(monitor.getName());
        form.setCheckType(monitor.getCheckType());
        form.setIntervalSeconds(monitor.getIntervalSeconds());
        form.setTimeoutSeconds(monitor.getTimeoutSeconds());
        form.setFailThreshold(monitor.getFailThreshold());
        form.setRecoverThreshold(monitor.getRecoverThreshold());
        form.setEnabled(monitor.isEnabled());
        form.setZones(String.join(", ", monitor.getZoneList()));
        form.setQuorum(monitor.getQuorum());
        form.setSettings(new LinkedHashMap<>(visibleSettings));
        form.setReactionIds(
                monitor.getReactions().stream().map(ReactionConfig::getId).toList());
        return form;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCheckType() {
        return checkType;
    }

    public void setCheckType(String checkType) {
        this.checkType = checkType;
    }

    public Integer getIntervalSeconds() {
        return intervalSeconds;
    }

    public void setIntervalSeconds(Integer intervalSeconds) {
        this.intervalSeconds = intervalSeconds;
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public Integer getFailThreshold() {
        return failThreshold;
    }

    public void setFailThreshold(Integer failThreshold) {
        this.failThreshold = failThreshold;
    }

    public Integer getRecoverThreshold() {
        return recoverThreshold;
    }

    public void setRecoverThreshold(Integer recoverThreshold) {
        this.recoverThreshold = recoverThreshold;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getZones() {
        return zones;
    }

    public void setZones(String zones) {
        this.zones = zones;
    }

    public Quorum getQuorum() {
        return quorum;
    }

    public void setQuorum(Quorum quorum) {
        this.quorum = quorum;
    }

    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = settings;
    }

    public List<Long> getReactionIds() {
        return reactionIds;
    }

    public void setReactionIds(List<Long> reactionIds) {
        this.reactionIds = reactionIds == null ? new ArrayList<>() : reactionIds;
    }

    public List<String> getClearSecrets() {
        return clearSecrets;
    }

    public void setClearSecrets(List<String> clearSecrets) {
        this.clearSecrets = clearSecrets == null ? new ArrayList<>() : clearSecrets;
    }
}
