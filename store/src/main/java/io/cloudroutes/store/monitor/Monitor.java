package io.cloudroutes.store.monitor;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.store.SettingsConverter;
import io.cloudroutes.store.reaction.ReactionConfig;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A monitor as the user configured it: what to check, how often, and which reactions run on its transitions. What each
 * field may be is in {@link io.cloudroutes.core.Limits}, which the schema's CHECK constraints and column lengths repeat
 * ({@code SchemaLimitsTest} compares them).
 */
@Entity
@Table(name = "monitors")
public class Monitor {

    public static final int DEFAULT_FAIL_THRESHOLD = 2;
    public static final int DEFAULT_RECOVER_THRESHOLD = 1;
    /** How many ids one process takes from the sequence at a time; V12 sets the sequence's step to this. */
    static final int IDS_AT_A_TIME = 50;

    // Ids come 50 at a time from monitors_id_seq (V12 steps it by 50), so that many monitors created together are
    // inserted in JDBC batches: with an identity column Hibernate must insert each row on its own to learn its id.
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "monitor_ids")
    @SequenceGenerator(name = "monitor_ids", sequenceName = "monitors_id_seq", allocationSize = Monitor.IDS_AT_A_TIME)
    private Long id;

    /** The team the row belongs to: who may see and change it. */
    @Column(name = "team_id", nullable = false)
    private Long teamId;

    /** The account that made the row; its secret settings are sealed for it, so it never changes. */
    @Column(name = "owner_id", nullable = false)
    private Long ownerId;

    @Column(nullable = false)
    private String name;

    @Column(name = "check_type", nullable = false)
    private String checkType;

    @Convert(converter = SettingsConverter.class)
    @Column(nullable = false)
    private Map<String, String> settings = new LinkedHashMap<>();

    /**
     * The id this row's sealed secrets are bound to ({@link SecretScope}): random, given when the row is made, before it
     * has a database id, and never changed.
     */
    @Column(name = "seal_id", nullable = false, updatable = false)
    private UUID sealId = UUID.randomUUID();

    @Column(name = "interval_seconds", nullable = false)
    private int intervalSeconds;

    @Column(name = "timeout_seconds", nullable = false)
    private int timeoutSeconds;

    @Column(name = "fail_threshold", nullable = false)
    private int failThreshold = DEFAULT_FAIL_THRESHOLD;

    @Column(name = "recover_threshold", nullable = false)
    private int recoverThreshold = DEFAULT_RECOVER_THRESHOLD;

    @Column(nullable = false)
    private boolean enabled = true;

    /** Comma-separated zone names, in the user's order. */
    @Column(nullable = false)
    private String zones = MonitorDefinition.DEFAULT_ZONE;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Quorum quorum = Quorum.MAJORITY;

    /** A status a person holds the monitor at (null: it follows its checks), who set it and when. */
    @Enumerated(EnumType.STRING)
    @Column(name = "override_status")
    private Status overrideStatus;

    @Column(name = "override_by")
    private String overrideBy;

    @Column(name = "override_at")
    private Instant overrideAt;

    /** Lower-case words people filter and select monitors by, in the user's order ({@link io.cloudroutes.core.Limits.Tags}). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "varchar(40)[]")
    private List<String> tags = new ArrayList<>();

    @ManyToMany
    @JoinTable(
            name = "monitor_reactions",
            joinColumns = @JoinColumn(name = "monitor_id"),
            inverseJoinColumns = @JoinColumn(name = "reaction_id"))
    private Set<ReactionConfig> reactions = new LinkedHashSet<>();

    /**
     * The ids of the monitors of the same team this one depends on (its parents): while one of them is FAILED, this
     * one's reactions on FAILED are held. Read lazily; crweb checks them (same team, no cycle) before saving.
     */
    @ElementCollection
    @CollectionTable(name = "monitor_dependencies", joinColumns = @JoinColumn(name = "monitor_id"))
    @Column(name = "depends_on_id")
    private Set<Long> dependsOn = new LinkedHashSet<>();

    /** SHA-256 (hex) of the secret that authenticates pushed results (webhooks, heartbeat pings); null if none. */
    @Column(name = "push_secret_hash")
    private String pushSecretHash;

    @Column(name = "push_secret_created_at")
    private Instant pushSecretCreatedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt = now();

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt = now();

    protected Monitor() {}

    /** A monitor of {@code teamId}, made by the account {@code ownerId}. */
    public Monitor(Long teamId, Long ownerId, String name, String checkType) {
        this.teamId = teamId;
        this.ownerId = ownerId;
        this.name = name;
        this.checkType = checkType;
    }

    /**
     * What the bridge writes to Redis for schedulers, workers and the actioner's fold. Reads the reactions: load them
     * with the monitor ({@link MonitorRepository#findWithReactions}) or within a transaction.
     */
    public MonitorDefinition toDefinition() {
        return new MonitorDefinition(
                id,
                ownerId,
                name,
                checkType,
                settings,
                intervalSeconds,
                timeoutSeconds,
                failThreshold,
                recoverThreshold,
                enabled,
                getZoneList(),
                quorum,
                overrideStatus,
                sealId.toString(),
                reactionTriggers());
    }

    /** For FAILED and HEALTHY, the trigger counts of the reactions that run when the monitor has that status. */
    private Map<Status, List<Integer>> reactionTriggers() {
        Map<Status, List<Integer>> triggers = new EnumMap<>(Status.class);
        for (Status status : List.of(Status.FAILED, Status.HEALTHY)) {
            List<CallOn> running = CallOn.runningOn(status);
            triggers.put(
                    status,
                    reactions.stream()
                            .filter(reaction -> running.contains(reaction.getCallOn()))
                            .map(ReactionConfig::getTriggerCount)
                            .toList());
        }
        return triggers;
    }

    public Long getId() {
        return id;
    }

    public String getPushSecretHash() {
        return pushSecretHash;
    }

    public Instant getPushSecretCreatedAt() {
        return pushSecretCreatedAt;
    }

    /** Replaces the push secret; the previous one stops working at once. */
    public void setPushSecretHash(String hash, Instant createdAt) {
        this.pushSecretHash = hash;
        this.pushSecretCreatedAt = createdAt;
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

    public String getCheckType() {
        return checkType;
    }

    public void setCheckType(String checkType) {
        this.checkType = checkType;
    }

    /** The row its secret settings are sealed for: kind, owner and seal id. */
    public SecretScope secretScope() {
        return new SecretScope(SecretScope.MONITOR, ownerId, sealId.toString());
    }

    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = new LinkedHashMap<>(settings);
    }

    public int getIntervalSeconds() {
        return intervalSeconds;
    }

    public void setIntervalSeconds(int intervalSeconds) {
        this.intervalSeconds = intervalSeconds;
    }

    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public int getFailThreshold() {
        return failThreshold;
    }

    public void setFailThreshold(int failThreshold) {
        this.failThreshold = failThreshold;
    }

    public int getRecoverThreshold() {
        return recoverThreshold;
    }

    public void setRecoverThreshold(int recoverThreshold) {
        this.recoverThreshold = recoverThreshold;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getZoneList() {
        return Arrays.stream(zones.split(","))
                .map(String::trim)
                .filter(z -> !z.isEmpty())
                .toList();
    }

    public String getZones() {
        return zones;
    }

    public void setZones(List<String> zones) {
        this.zones = String.join(",", zones);
    }

    public Quorum getQuorum() {
        return quorum;
    }

    public void setQuorum(Quorum quorum) {
        this.quorum = quorum;
    }

    public Status getOverrideStatus() {
        return overrideStatus;
    }

    public String getOverrideBy() {
        return overrideBy;
    }

    public Instant getOverrideAt() {
        return overrideAt;
    }

    /** Holds the status at {@code status}, or follows the checks again when it is null. */
    public void override(Status status, String by) {
        this.overrideStatus = status;
        this.overrideBy = status == null ? null : by;
        this.overrideAt = status == null ? null : Instant.now();
    }

    public List<String> getTags() {
        return List.copyOf(tags);
    }

    public void setTags(List<String> tags) {
        this.tags = new ArrayList<>(tags);
    }

    public Set<Long> getDependsOn() {
        return dependsOn;
    }

    public void setDependsOn(Set<Long> dependsOn) {
        this.dependsOn = dependsOn;
    }

    public Set<ReactionConfig> getReactions() {
        return reactions;
    }

    public void setReactions(Set<ReactionConfig> reactions) {
        this.reactions = new LinkedHashSet<>(reactions);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void touch() {
        this.updatedAt = now();
    }

    // as PostgreSQL keeps it (microseconds), so that a monitor answered from memory reads as it will when read back
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
