package io.cloudroutes.crweb.team;

import io.cloudroutes.crweb.account.CurrentUser;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.system.SaveResult;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Inviting people to the team from the team page, and the page an invitation's link opens: anyone may see what it
 * offers; only the signed-in account with the invited email may accept it.
 */
@Controller
class InvitationController {

    private final Invitations invitations;
    private final ActiveTeams activeTeams;

    InvitationController(Invitations invitations, ActiveTeams activeTeams) {
        this.invitations = invitations;
        this.activeTeams = activeTeams;
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @PostMapping("/team/invitations")
    String invite(
            ActiveTeam team,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String role,
            RedirectAttributes redirect) {
        switch (invitations.invite(team, new Invitations.Draft(email, role))) {
            case SaveResult.Saved<Invitations.Open> saved ->
                Flash.notice(
                        redirect,
                        "Invitation mailed to " + saved.value().email() + " as "
                                + Invitations.name(saved.value().role()) + ".");
            case SaveResult.Refused<Invitations.Open> refused -> {
                // the team page shows the problems beside the form, with what was entered
                redirect.addFlashAttribute(
                        "errors",
                        refused.problems().stream()
                                .collect(Collectors.toMap(
                                        problem -> "invite-" + problem.field(), FieldProblem::message, (a, b) -> a)));
                redirect.addFlashAttribute("inviteEmail", email);
                redirect.addFlashAttribute("inviteRole", role);
            }
        }
        return "redirect:/team#invitations";
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @PostMapping("/team/invitations/{id}/withdraw")
    String withdraw(ActiveTeam team, @PathVariable long id, RedirectAttributes redirect) {
        invitations.withdraw(team, id);
        Flash.notice(redirect, "Invitation withdrawn: its link no longer works.");
        return "redirect:/team#invitations";
    }

    /** What the invitation offers, and what the visitor must do to accept it. */
    @Requires(Permission.PUBLIC)
    @GetMapping("/invitations/{token}")
    String show(
            @PathVariable String token,
            @AuthenticationPrincipal CurrentUser user,
            Model model,
            HttpServletResponse response) {
        Optional<Invitations.Offer> offer = invitations.offer(token);
        if (offer.isEmpty()) {
            return notValid(response);
        }
        model.addAttribute("offer", offer.get());
        model.addAttribute("token", token);
        model.addAttribute("signedInAs", user == null ? null : user.getUsername());
        model.addAttribute(
                "rightAccount",
                user != null && user.getUsername().equalsIgnoreCase(offer.get().email()));
        return "teams/invitation";
    }

    /** Logs in (the log-in page brings the person back here) and shows the invitation again. */
    @Requires(Permission.SIGNED_IN)
    @GetMapping("/invitations/{token}/login")
    String logInFirst(@PathVariable String token) {
        return "redirect:/invitations/" + token;
    }

    @Requires(Permission.SIGNED_IN)
    @PostMapping("/invitations/{token}")
    String accept(
            @PathVariable String token,
            @AuthenticationPrincipal CurrentUser user,
            HttpSession session,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return switch (invitations.accept(token, user)) {
            case Invitations.Acceptance.Joined joined -> {
                activeTeams.choose(session, user.id(), joined.teamId());
                Flash.notice(
                        redirect,
                        "Welcome to team '" + joined.team() + "': you are a member as "
                                + Invitations.name(joined.role()) + ", and now work in it.");
                yield "redirect:/";
            }
            case Invitations.Acceptance.AlreadyMember member -> {
                Flash.notice(
                        redirect,
                        "You are a member of team '" + member.team() + "' already, as "
                                + Invitations.name(member.role()) + ": nothing changed.");
                yield "redirect:/teams";
            }
            case Invitations.Acceptance.OtherAccount other -> {
                response.setStatus(HttpStatus.FORBIDDEN.value());
                yield show(token, user, model, response);
            }
            case Invitations.Acceptance.NotValid ignored -> notValid(response);
        };
    }

    private static String notValid(HttpServletResponse response) {
        response.setStatus(HttpStatus.GONE.value());
        return "teams/invitation-invalid";
    }
}
