package io.cloudroutes.crweb.heldrun;

import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page of the team's held runs, where people release them one by one or all at once. */
@Controller
class HeldRunsController {

    private final HeldRunReleases releases;

    HeldRunsController(HeldRunReleases releases) {
        this.releases = releases;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/held-runs")
    String list(ActiveTeam team, Model model) {
        model.addAttribute("runs", releases.list(team.id()));
        model.addAttribute("otherTeams", releases.inOtherTeams(team));
        return "held-runs/list";
    }

    @Requires(Permission.EDIT)
    @PostMapping("/held-runs/{jobId}/release")
    String release(ActiveTeam team, @PathVariable long jobId, RedirectAttributes redirect) {
        Flash.notice(
                redirect,
                releases.release(team, jobId)
                        .map(run -> "Released the held run of " + run.reactionName() + " on " + run.monitorName()
                                + ": it runs now if " + run.monitorName() + " still needs it.")
                        .orElse("That run is not held any more: someone released it first, or it finished."));
        return "redirect:/held-runs";
    }

    @Requires(Permission.EDIT)
    @PostMapping("/held-runs/release")
    String releaseAll(ActiveTeam team, RedirectAttributes redirect) {
        int released = releases.releaseAll(team).size();
        Flash.notice(
                redirect,
                released == 0
                        ? "No runs were held: nothing to release."
                        : "Released " + released + (released == 1 ? " held run" : " held runs")
                                + ": each runs now if its monitor still needs it.");
        return "redirect:/held-runs";
    }
}
