package io.cloudroutes.crweb.team;

import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.store.team.TeamRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The key's team, its members, and invitations to it, through the API. */
@RestController
@Tag(name = "Team")
class TeamApiController {

    private final TeamService teams;
    private final Invitations invitations;

    TeamApiController(TeamService teams, Invitations invitations) {
        this.teams = teams;
        this.invitations = invitations;
    }

    /** The team the key acts in, the key's role there, and the team's members. */
    record TeamView(long id, String name, boolean personal, TeamRole yourRole, List<MemberView> members) {}

    record MemberView(long userId, String email, TeamRole role, boolean onCall, Instant joinedAt) {}

    /** Who to invite, and as what. */
    record NewInvitation(
            @Schema(example = "ana@example.com", requiredMode = Schema.RequiredMode.REQUIRED)
            String email,

            @Schema(
                    description = "ADMIN, EDITOR or VIEWER (any case); OWNER only by an owner",
                    example = "EDITOR",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String role) {}

    /** An open invitation; its link is only in the mail to the invited address. */
    record InvitationView(
            long id, String email, TeamRole role, String invitedBy, Instant createdAt, Instant expiresAt) {

        static InvitationView of(Invitations.Open open) {
            return new InvitationView(
                    open.id(), open.email(), open.role(), open.invitedBy(), open.createdAt(), open.expiresAt());
        }
    }

    @Requires(Permission.VIEW)
    @GetMapping("/api/v1/team")
    @Operation(summary = "The key's team, your role in it, and its members")
    TeamView team(ActiveTeam team) {
        return new TeamView(
                team.id(),
                team.name(),
                team.personal(),
                team.role(),
                teams.members(team).stream()
                        .map(m -> new MemberView(m.userId(), m.email(), m.role(), m.onCall(), m.joinedAt()))
                        .toList());
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @GetMapping("/api/v1/team/invitations")
    @Operation(summary = "The team's open invitations, newest first (owners and admins)")
    List<InvitationView> invitations(ActiveTeam team) {
        return invitations.open(team).stream().map(InvitationView::of).toList();
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @PostMapping("/api/v1/team/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Invite an email address to the team with a role and mail it the link (owners and admins); "
                    + "replaces the address's open invitation")
    InvitationView invite(ActiveTeam team, @RequestBody NewInvitation request) {
        return switch (invitations.invite(team, new Invitations.Draft(request.email(), request.role()))) {
            case SaveResult.Saved<Invitations.Open> saved -> InvitationView.of(saved.value());
            case SaveResult.Refused<Invitations.Open> refused ->
                throw ApiValidationException.from(refused.problems(), Map.of());
        };
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @DeleteMapping("/api/v1/team/invitations/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Withdraw an open invitation: its link stops working")
    void withdraw(ActiveTeam team, @PathVariable long id) {
        invitations.withdraw(team, id);
    }
}
