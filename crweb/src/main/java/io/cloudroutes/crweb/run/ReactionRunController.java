package io.cloudroutes.crweb.run;

import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A reaction run's page: what it did, and why it ran, was held or skipped. */
@Controller
class ReactionRunController {

    private final ReactionRunDetails runs;

    ReactionRunController(ReactionRunDetails runs) {
        this.runs = runs;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/runs/{id}")
    String run(ActiveTeam team, @PathVariable long id, Model model) {
        model.addAttribute("run", runs.get(team.id(), id));
        model.addAttribute("navSection", "monitors");
        return "runs/detail";
    }
}
