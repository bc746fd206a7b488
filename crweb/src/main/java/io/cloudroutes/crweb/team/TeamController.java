package io.cloudroutes.crweb.team;

import io.cloudroutes.crweb.account.CurrentUser;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.store.team.MemberOf;
import io.cloudroutes.store.team.TeamRole;
import jakarta.servlet.http.HttpSession;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The teams a person is in, switching between them, and the members of the team they act in. */
@Controller
class TeamController {

    /** A path of this site: one slash, then a letter or digit (so not "//host"), no scheme, query or fragment. */
    private static final Pattern PAGE_OF_THIS_SITE = Pattern.compile("/[A-Za-z0-9][A-Za-z0-9/_-]{0,199}");

    private final ActiveTeams activeTeams;
    private final TeamService teams;
    private final Invitations invitations;

    TeamController(ActiveTeams activeTeams, TeamService teams, Invitations invitations) {
        this.activeTeams = activeTeams;
        this.teams = teams;
        this.invitations = invitations;
    }

    @Requires(Permission.SIGNED_IN)
    @GetMapping("/teams")
    String list(@AuthenticationPrincipal CurrentUser user, Model model) {
        model.addAttribute("memberships", activeTeams.teamsOf(user.id()));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "teams/list";
    }

    @Requires(Permission.SIGNED_IN)
    @PostMapping("/teams")
    String create(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(defaultValue = "") String name,
            HttpSession session,
            Model model,
            RedirectAttributes redirect) {
        return switch (teams.create(user.id(), name)) {
            case SaveResult.Saved<MemberOf> saved -> {
                activeTeams.choose(session, user.id(), saved.value().teamId());
                Flash.notice(redirect, "Team '" + saved.value().teamName() + "' created: you are its owner.");
                yield "redirect:/team";
            }
            case SaveResult.Refused<MemberOf> refused -> {
                model.addAttribute("errors", errors(refused));
                model.addAttribute("name", name);
                yield list(user, model);
            }
        };
    }

    /**
     * Acts in another of the person's teams from now on, and goes on to {@code then} (a page of this site, such as
     * /held-runs) or the dashboard; a team they are not in is not found.
     */
    @Requires(Permission.SIGNED_IN)
    @PostMapping("/teams/switch")
    String switchTo(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam long teamId,
            @RequestParam(required = false) String then,
            HttpSession session,
            RedirectAttributes redirect) {
        if (then != null && !PAGE_OF_THIS_SITE.matcher(then).matches()) {
            // only a path of this site: a link must not send people elsewhere through here
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "then: must be a page of this site, such as /held-runs, but is '"
                            + (then.length() > 100 ? then.substring(0, 100) + "…" : then) + "'; nothing was changed");
        }
        MemberOf chosen = activeTeams.choose(session, user.id(), teamId);
        Flash.notice(redirect, "You are now working in team '" + chosen.teamName() + "'.");
        return "redirect:" + (then == null ? "/" : then);
    }

    @Requires(Permission.VIEW)
    @GetMapping("/team")
    String members(ActiveTeam team, Model model) {
        model.addAttribute("team", team);
        model.addAttribute("members", teams.members(team));
        model.addAttribute("roles", TeamRole.values());
        model.addAttribute(
                "invitations", team.may(Permission.MANAGE_MEMBERS) ? invitations.open(team) : java.util.List.of());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "teams/members";
    }

    @Requires(Permission.MANAGE_TEAM)
    @PostMapping("/team/name")
    String rename(
            ActiveTeam team, @RequestParam(defaultValue = "") String name, Model model, RedirectAttributes redirect) {
        return switch (teams.rename(team, name)) {
            case SaveResult.Saved<String> saved -> {
                Flash.notice(redirect, "The team is now called '" + saved.value() + "'.");
                yield "redirect:/team";
            }
            case SaveResult.Refused<String> refused -> {
                model.addAttribute("errors", errors(refused));
                yield members(team, model);
            }
        };
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @PostMapping("/team/members/{userId}/role")
    String changeRole(
            ActiveTeam team, @PathVariable long userId, @RequestParam String role, RedirectAttributes redirect) {
        TeamRole chosen = Arrays.stream(TeamRole.values())
                .filter(r -> r.name().equalsIgnoreCase(role))
                .findFirst()
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.BAD_REQUEST, "role must be one of owner, admin, editor, viewer"));
        teams.changeRole(team, userId, chosen);
        Flash.notice(redirect, "Role changed.");
        return "redirect:/team";
    }

    /** Members say whether they are on call; admins and owners may say it of anyone (checked by the service). */
    @Requires(Permission.VIEW)
    @PostMapping("/team/members/{userId}/on-call")
    String onCall(
            ActiveTeam team, @PathVariable long userId, @RequestParam boolean onCall, RedirectAttributes redirect) {
        teams.setOnCall(team, userId, onCall);
        Flash.notice(redirect, onCall ? "On call." : "No longer on call.");
        return "redirect:/team";
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @PostMapping("/team/members/{userId}/remove")
    String remove(ActiveTeam team, @PathVariable long userId, RedirectAttributes redirect) {
        int revoked = teams.remove(team, userId);
        Flash.notice(
                redirect,
                "Member removed" + (revoked == 0 ? "." : "; " + revoked + " API key(s) they made here were revoked."));
        return "redirect:/team";
    }

    /** Leaves the team; the person then works in their personal team. */
    @Requires(Permission.VIEW)
    @PostMapping("/team/leave")
    String leave(ActiveTeam team, HttpSession session, RedirectAttributes redirect) {
        teams.leave(team);
        session.removeAttribute(ActiveTeams.CHOSEN_TEAM);
        Flash.notice(redirect, "You left team '" + team.name() + "'.");
        return "redirect:/teams";
    }

    private static Map<String, String> errors(SaveResult.Refused<?> refused) {
        return refused.problems().stream()
                .collect(Collectors.toMap(FieldProblem::field, FieldProblem::message, (a, b) -> a));
    }
}
