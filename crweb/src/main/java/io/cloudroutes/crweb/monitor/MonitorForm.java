package io.cloudroutes.crweb.monitor;

import io.cloudroutes.core.Quorum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the monitor form sends, bound field by field; {@link #draft} is what it asks for. */
public class MonitorForm {

    private String name;
    private String checkType;
    private Integer intervalSeconds;
    private Integer timeoutSeconds;
    private Integer failThreshold;
    private Integer recoverThreshold;
    private boolean enabled;
    private String zones;
    private Quorum quorum;
    private Map<String, String> settings;

    /** Stored secret settings to remove (a blank secret field keeps the stored value). */
    private List<String> clearSecrets;

    private List<Long> reactionIds;

    /** The monitors of the team this one depends on (its parents). */
    private List<Long> dependsOn;
    /** Tags as typed: separated by commas or spaces. */
    private String tags;

    /** A form with the defaults of a new monitor: fields a post leaves out keep them. */
    public MonitorForm() {
        this(MonitorDraft.forType(""));
    }

    public MonitorForm(MonitorDraft draft) {
        name = draft.name();
        checkType = draft.checkType();
        intervalSeconds = draft.intervalSeconds();
        timeoutSeconds = draft.timeoutSeconds();
        failThreshold = draft.failThreshold();
        recoverThreshold = draft.recoverThreshold();
        enabled = draft.enabled();
        zones = draft.zones();
        quorum = draft.quorum();
        settings = new LinkedHashMap<>(draft.settings());
        clearSecrets = new ArrayList<>(draft.clearSecrets());
        reactionIds = new ArrayList<>(draft.reactionIds());
        dependsOn = new ArrayList<>(draft.dependsOn());
        tags = MonitorTags.typed(draft.tags());
    }

    public MonitorDraft draft() {
        return new MonitorDraft(
                name,
                checkType,
                intervalSeconds,
                timeoutSeconds,
                failThreshold,
                recoverThreshold,
                enabled,
                zones,
                quorum,
                settings,
                clearSecrets,
                reactionIds,
                dependsOn,
                MonitorTags.parse(tags));
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

    public List<Long> getDependsOn() {
        return dependsOn;
    }

    public void setDependsOn(List<Long> dependsOn) {
        this.dependsOn = dependsOn == null ? new ArrayList<>() : dependsOn;
    }

    public List<String> getClearSecrets() {
        return clearSecrets;
    }

    public void setClearSecrets(List<String> clearSecrets) {
        this.clearSecrets = clearSecrets == null ? new ArrayList<>() : clearSecrets;
    }

    public String getTags() {
        return tags;
    }

    public void setTags(String tags) {
        this.tags = tags;
    }
}
