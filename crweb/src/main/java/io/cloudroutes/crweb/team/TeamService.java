package io.cloudroutes.crweb.team;

import io.cloudroutes.crweb.account.ApiKeyService;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.team.MemberOf;
import io.cloudroutes.store.team.Team;
import io.cloudroutes.store.team.TeamMember;
import io.cloudroutes.store.team.TeamMemberRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.cloudroutes.store.team.TeamRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes teams and changes their members. Every change to a team's members locks the team first, so that two admins
 * acting at once cannot, between them, leave a team without an owner.
 */
@Service
class TeamService {

    private final TeamRepository teams;
    private final TeamMemberRepository members;
    private final UserAccountRepository users;
    private final ApiKeyService keys;
    private final AuditLog audit;

    TeamService(
            TeamRepository teams,
            TeamMemberRepository members,
            UserAccountRepository users,
            ApiKeyService keys,
            AuditLog audit) {
        this.audit = audit;
        this.teams = teams;
        this.members = members;
        this.users = users;
        this.keys = keys;
    }

    /** A member as the team page shows them. */
    record Member(long userId, String email, TeamRole role, boolean onCall, Instant joinedAt, boolean personalOwner) {}

    /** A new shared team, with its maker as its owner. */
    @Transactional
    SaveResult<MemberOf> create(long userId, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > Team.MAX_NAME_LENGTH) {
            return refusedName();
        }
        Team team = teams.save(new Team(trimmed));
        members.save(new TeamMember(team.getId(), userId, TeamRole.OWNER));
        audit.record(team.getId(), AuditAction.TEAM_CREATED, Target.team(team.getId(), team.getName()), null);
        return new SaveResult.Saved<>(new MemberOf(team.getId(), team.getName(), false, TeamRole.OWNER));
    }

    @Transactional
    SaveResult<String> rename(ActiveTeam team, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > Team.MAX_NAME_LENGTH) {
            return refusedName();
        }
        Team row = locked(team);
        audit.record(team.id(), AuditAction.TEAM_RENAMED, Target.team(team.id(), trimmed), "was " + row.getName());
        row.setName(trimmed);
        return new SaveResult.Saved<>(trimmed);
    }

    /** The team's members, oldest first. */
    @Transactional(readOnly = true)
    List<Member> members(ActiveTeam team) {
        List<TeamMember> found = members.findByTeamIdOrderByJoinedAtAsc(team.id());
        Map<Long, UserAccount> accounts = users
                .findAllById(found.stream().map(TeamMember::getUserId).toList())
                .stream()
                .collect(Collectors.toMap(UserAccount::getId, Function.identity()));
        Long personalOf = teams.findById(team.id()).map(Team::getPersonalOf).orElse(null);
        return found.stream()
                .filter(m -> accounts.containsKey(m.getUserId()))
                .map(m -> new Member(
                        m.getUserId(),
                        accounts.get(m.getUserId()).getEmail(),
                        m.getRole(),
                        m.isOnCall(),
                        m.getJoinedAt(),
                        Long.valueOf(m.getUserId()).equals(personalOf)))
                .toList();
    }

    /**
     * Gives a member another role. An admin manages editors, viewers and other admins; only an owner makes or unmakes
     * owners; a team keeps at least one owner, and a personal team's person stays its owner.
     */
    @Transactional
    void changeRole(ActiveTeam team, long userId, TeamRole role) {
        Team row = locked(team);
        TeamMember member = member(team, userId);
        if ((member.getRole() == TeamRole.OWNER || role == TeamRole.OWNER) && !team.may(Permission.MANAGE_TEAM)) {
            throw new ForbiddenException("only an owner of the team may make or unmake owners");
        }
        if (member.getRole() == TeamRole.OWNER && role != TeamRole.OWNER) {
            requireAnotherOwner(row, member);
        }
        audit.record(
                team.id(),
                AuditAction.MEMBER_ROLE_CHANGED,
                memberTarget(userId),
                "from " + name(member.getRole()) + " to " + name(role));
        member.setRole(role);
    }

    /** Says whether a member is on call; members say it of themselves, admins and owners of anyone. */
    @Transactional
    void setOnCall(ActiveTeam team, long userId, boolean onCall) {
        locked(team);
        if (userId != team.memberId() && !team.may(Permission.MANAGE_MEMBERS)) {
            throw new ForbiddenException("only an admin or owner may say whether another member is on call");
        }
        member(team, userId).setOnCall(onCall);
        audit.record(
                team.id(),
                AuditAction.MEMBER_ON_CALL_CHANGED,
                memberTarget(userId),
                onCall ? "on call" : "no longer on call");
    }

    /**
     * Removes a member: their next request no longer reaches the team, and every API key they made in it is revoked
     * now. Only an owner removes an owner; the last owner and a personal team's person cannot be removed.
     */
    @Transactional
    int remove(ActiveTeam team, long userId) {
        Team row = locked(team);
        TeamMember member = member(team, userId);
        if (member.getRole() == TeamRole.OWNER && !team.may(Permission.MANAGE_TEAM)) {
            throw new ForbiddenException("only an owner of the team may remove an owner");
        }
        if (member.getRole() == TeamRole.OWNER) {
            requireAnotherOwner(row, member);
        }
        members.delete(member);
        int revoked = keys.revokeAllOf(team.id(), userId);
        audit.record(
                team.id(),
                AuditAction.MEMBER_REMOVED,
                memberTarget(userId),
                "was " + name(member.getRole()) + "; " + revoked + " API key(s) revoked");
        return revoked;
    }

    /** The member leaves the team, as {@link #remove} would remove them. */
    @Transactional
    int leave(ActiveTeam team) {
        Team row = locked(team);
        TeamMember member = member(team, team.memberId());
        if (member.getRole() == TeamRole.OWNER) {
            requireAnotherOwner(row, member);
        }
        if (isPersonalOwner(row, team.memberId())) {
            throw new ForbiddenException("this is your personal team: you cannot leave it");
        }
        members.delete(member);
        int revoked = keys.revokeAllOf(team.id(), team.memberId());
        audit.record(
                team.id(),
                AuditAction.MEMBER_LEFT,
                memberTarget(team.memberId()),
                "was " + name(member.getRole()) + "; " + revoked + " API key(s) revoked");
        return revoked;
    }

    private Team locked(ActiveTeam team) {
        return teams.lock(team.id()).orElseThrow(() -> new NotFoundException("team " + team.id()));
    }

    private TeamMember member(ActiveTeam team, long userId) {
        return members.findByTeamIdAndUserId(team.id(), userId)
                .orElseThrow(() -> new NotFoundException("member " + userId));
    }

    private void requireAnotherOwner(Team team, TeamMember owner) {
        if (isPersonalOwner(team, owner.getUserId())) {
            throw new ForbiddenException("a personal team's person stays its owner");
        }
        if (members.countByTeamIdAndRole(team.getId(), TeamRole.OWNER) <= 1) {
            throw new ForbiddenException("a team needs an owner: make another member an owner first");
        }
    }

    private Target memberTarget(long userId) {
        return Target.member(
                userId, users.findById(userId).map(UserAccount::getEmail).orElse("account " + userId));
    }

    private static String name(TeamRole role) {
        return role.label();
    }

    private static boolean isPersonalOwner(Team team, long userId) {
        return Long.valueOf(userId).equals(team.getPersonalOf());
    }

    private static <T> SaveResult<T> refusedName() {
        return new SaveResult.Refused<>(List.of(new FieldProblem(
                "name", "give the team a name of 1 to " + Team.MAX_NAME_LENGTH + " characters, e.g. Platform")));
    }
}
