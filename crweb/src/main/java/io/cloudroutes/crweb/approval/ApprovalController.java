package io.cloudroutes.crweb.approval;

import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.ActiveTeams;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page an approval request's link opens: what would run (monitor, reaction, why, time left), for a signed-in
 * member of the run's team who may edit (someone not signed in logs in and comes back). The link acts in the run's
 * team whichever of their teams the person works in, and the page says when that is another one. Looking changes
 * nothing; Approve and Deny are forms (POST, with the CSRF token), and the link works for one decision.
 */
@Controller
class ApprovalController {

    private final Approvals approvals;
    private final ActiveTeams teams;

    ApprovalController(Approvals approvals, ActiveTeams teams) {
        this.approvals = approvals;
        this.teams = teams;
    }

    @Requires(value = Permission.EDIT, teamOf = ApprovalLinks.class)
    @GetMapping("/approvals/{token}")
    String show(ActiveTeam team, @PathVariable String token, HttpServletRequest request, Model model) {
        model.addAttribute("approval", approvals.page(team, token));
        model.addAttribute("token", token);
        model.addAttribute("runTeam", team);
        model.addAttribute("workingElsewhere", !teams.worksIn(request, team));
        return "approvals/show";
    }

    @Requires(value = Permission.EDIT, teamOf = ApprovalLinks.class)
    @PostMapping("/approvals/{token}/approve")
    String approve(ActiveTeam team, @PathVariable String token, RedirectAttributes redirect) {
        return decide(team, token, true, redirect);
    }

    @Requires(value = Permission.EDIT, teamOf = ApprovalLinks.class)
    @PostMapping("/approvals/{token}/deny")
    String deny(ActiveTeam team, @PathVariable String token, RedirectAttributes redirect) {
        return decide(team, token, false, redirect);
    }

    private String decide(ActiveTeam team, String token, boolean approve, RedirectAttributes redirect) {
        try {
            approvals.decide(team, approvals.jobOf(team, token), approve);
            Flash.notice(
                    redirect,
                    approve
                            ? "Approved: the run goes ahead now. Its result appears in the monitor's reaction runs."
                            : "Denied: the run is recorded as skipped and does nothing.");
        } catch (Approvals.NotWaiting e) {
            // the page says why: decided by someone else, timed out, or the monitor recovered
        }
        return "redirect:/approvals/" + token;
    }
}
