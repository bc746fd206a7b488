package io.cloudroutes.store.team;

/**
 * What a member may do in a team, from most to least: an owner may do everything, including deleting the team and
 * naming other owners; an admin manages members (but not owners) and reads the audit log; an editor changes monitors,
 * reactions and API keys and runs tests; a viewer only reads.
 */
public enum TeamRole {
    OWNER,
    ADMIN,
    EDITOR,
    VIEWER;

    /** The role as people read it in pages, messages and the audit log: {@code owner}, {@code admin}, … */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this role may do at least what {@code other} may. */
    public boolean atLeast(TeamRole other) {
        return ordinal() <= other.ordinal();
    }
}
