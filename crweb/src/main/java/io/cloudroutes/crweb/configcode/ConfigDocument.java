package io.cloudroutes.crweb.configcode;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Quorum;
import io.cloudroutes.store.reaction.OnApprovalTimeout;
import java.util.List;
import java.util.Map;

/**
 * A team's configuration as a document: its reactions, monitors, maintenance windows and status pages, each item
 * keyed by its name (a status page by its slug) and referring to others by name, never by a database id. A setting
 * value is text, or {@code {secret: NAME}} for a secret resolved on import (see docs/config-as-code.md).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ConfigDocument(
        Integer version,
        List<ReactionItem> reactions,
        List<MonitorItem> monitors,
        List<WindowItem> maintenanceWindows,
        List<StatusPageItem> statusPages) {

    /** The format this code writes and reads. */
    static final int VERSION = 1;

    public ConfigDocument {
        reactions = reactions == null ? List.of() : reactions;
        monitors = monitors == null ? List.of() : monitors;
        maintenanceWindows = maintenanceWindows == null ? List.of() : maintenanceWindows;
        statusPages = statusPages == null ? List.of() : statusPages;
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ReactionItem(
            String name,
            String type,
            CallOn callOn,
            Integer triggerCount,
            Integer frequencySeconds,
            Integer timeoutSeconds,
            Integer maxAttempts,
            Integer escalationStep,
            Integer escalationWaitSeconds,
            Boolean disruptive,
            Integer verifyWithinSeconds,
            Boolean approvalRequired,
            Integer approvalTimeoutSeconds,
            OnApprovalTimeout onApprovalTimeout,
            Map<String, Object> settings) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record MonitorItem(
            String name,
            String type,
            Boolean enabled,
            Integer intervalSeconds,
            Integer timeoutSeconds,
            Integer failThreshold,
            Integer recoverThreshold,
            List<String> zones,
            Quorum quorum,
            List<String> tags,
            List<String> reactions,
            List<String> dependsOn,
            Map<String, Object> settings) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record WindowItem(
            String name,
            String kind,
            String timeZone,
            String startsAt,
            String endsAt,
            String cron,
            List<String> days,
            String startTime,
            Integer durationMinutes,
            List<String> monitors,
            List<String> tags) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record StatusPageItem(
            String slug,
            String title,
            String description,
            String customDomain,
            String timeZone,
            Boolean published,
            List<GroupItem> groups) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record GroupItem(String name, List<String> monitors) {}
}
