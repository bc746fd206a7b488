package io.cloudroutes.crweb.team;

import io.cloudroutes.store.team.TeamRole;

/**
 * The team a request acts in, and who acts: a handler takes it as a parameter and scopes every read and write by
 * {@link #id()}; what it makes is made by {@link #memberId()}.
 *
 * @param id       the team
 * @param name     the team's name
 * @param personal whether it is the member's personal team
 * @param memberId the account acting
 * @param email    the account's email
 * @param role     the account's role in the team (a read-only API key reads what its member may read, and every
 *                 write with it is refused before it gets here)
 */
public record ActiveTeam(long id, String name, boolean personal, long memberId, String email, TeamRole role) {

    /** Whether the member may do what {@code permission} covers. */
    public boolean may(Permission permission) {
        return permission.grantedTo(role);
    }
}
