package io.cloudroutes.crweb.audit;

/** What a member did, as the audit log names it ({@code monitor.created}, …). */
public enum AuditAction {
    MONITOR_CREATED("monitor.created"),
    MONITOR_CHANGED("monitor.changed"),
    MONITOR_DELETED("monitor.deleted"),
    MONITOR_HELD("monitor.held"),
    MONITOR_RELEASED("monitor.released"),
    MONITOR_REACTION_ATTACHED("monitor.reaction-attached"),
    MONITOR_REACTION_DETACHED("monitor.reaction-detached"),
    PUSH_SECRET_ROTATED("monitor.push-secret-rotated"),
    REACTION_CREATED("reaction.created"),
    REACTION_CHANGED("reaction.changed"),
    REACTION_DELETED("reaction.deleted"),
    REACTION_DRY_RUN("reaction.dry-run"),
    REACTION_TEST_RUN("reaction.test-run"),
    REACTION_RUN_APPROVED("reaction-run.approved"),
    REACTION_RUN_DENIED("reaction-run.denied"),
    MONITOR_CHECKED_NOW("monitor.checked-now"),
    API_KEY_CREATED("api-key.created"),
    API_KEY_REVOKED("api-key.revoked"),
    TEAM_CREATED("team.created"),
    TEAM_RENAMED("team.renamed"),
    TEAM_SHADOW_MODE_ON("team.shadow-mode-on"),
    TEAM_SHADOW_MODE_OFF("team.shadow-mode-off"),
    TEAM_BREAKER_CHANGED("team.breaker-changed"),
    MEMBER_ROLE_CHANGED("member.role-changed"),
    MEMBER_ON_CALL_CHANGED("member.on-call-changed"),
    MEMBER_REMOVED("member.removed"),
    MEMBER_LEFT("member.left"),
    MEMBER_INVITED("member.invited"),
    MEMBER_JOINED("member.joined"),
    MEMBER_INVITATION_WITHDRAWN("member.invitation-withdrawn"),
    MAINTENANCE_CREATED("maintenance-window.created"),
    MAINTENANCE_CHANGED("maintenance-window.changed"),
    MAINTENANCE_DELETED("maintenance-window.deleted"),
    STATUS_PAGE_CREATED("status-page.created"),
    STATUS_PAGE_CHANGED("status-page.changed"),
    STATUS_PAGE_DELETED("status-page.deleted"),
    STATUS_INCIDENT_OPENED("status-page.incident-opened"),
    STATUS_INCIDENT_UPDATED("status-page.incident-updated"),
    STATUS_INCIDENT_DELETED("status-page.incident-deleted"),
    STATUS_PAGE_DOMAIN_VERIFIED("status-page.domain-verified"),
    STATUS_PAGE_DOMAIN_UNVERIFIED("status-page.domain-unverified"),
    CONFIG_APPLIED("configuration.applied"),
    HELD_RUN_RELEASED("held-run.released"),
    HELD_RUNS_RELEASED("held-run.released-all"),
    REPLAY_REQUESTED("monitor.replay-requested");

    private final String id;

    AuditAction(String id) {
        this.id = id;
    }

    /** The name in the log and the API, e.g. {@code monitor.created}. */
    public String id() {
        return id;
    }
}
