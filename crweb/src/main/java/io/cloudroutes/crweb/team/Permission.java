package io.cloudroutes.crweb.team;

import io.cloudroutes.store.team.TeamRole;

/**
 * What an endpoint needs, declared on every handler with {@link Requires}; the table in docs/teams.md lists which role
 * has which. A permission on a team is checked against the member's role in the team the request acts in (the team
 * chosen in the header for pages, the key's team for the API).
 */
public enum Permission {
    /** Anyone, signed in or not: sign-up, log-in, documentation, pushed results (which carry their own secret). */
    PUBLIC(null),
    /** Any signed-in person, whatever their teams: their own account, their list of teams, switching team. */
    SIGNED_IN(null),
    /** Read the team's monitors, reactions, states, events and deliveries. */
    VIEW(TeamRole.VIEWER),
    /**
     * Change the team's monitors and reactions, hold or release a status, rotate push secrets, run reaction tests,
     * and make or revoke API keys.
     */
    EDIT(TeamRole.EDITOR),
    /**
     * Invite, remove and change members other than owners; set who is on call; read the audit log; switch shadow mode.
     */
    MANAGE_MEMBERS(TeamRole.ADMIN),
    /** Rename or delete the team, and make or remove owners. */
    MANAGE_TEAM(TeamRole.OWNER);

    private final TeamRole least;

    Permission(TeamRole least) {
        this.least = least;
    }

    /** Whether it is checked against a role in a team. */
    boolean needsTeam() {
        return least != null;
    }

    /** Whether a member with {@code role} has it. */
    public boolean grantedTo(TeamRole role) {
        return least == null || role.atLeast(least);
    }

    /** The least role that has it; null for {@link #PUBLIC} and {@link #SIGNED_IN}. */
    public TeamRole leastRole() {
        return least;
    }
}
