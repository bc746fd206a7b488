package io.cloudroutes.store.team;

/** A team an account is in, and the account's role there. */
public record MemberOf(long teamId, String teamName, boolean personal, TeamRole role) {}
