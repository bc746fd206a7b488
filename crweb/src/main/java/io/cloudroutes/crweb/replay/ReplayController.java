package io.cloudroutes.crweb.replay;

import io.cloudroutes.crweb.monitor.MonitorService;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.monitor.Monitor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The replay form on a monitor, and a replay's page: what the proposed reaction would have done, and when. */
@Controller
class ReplayController {

    private final Replays replays;
    private final MonitorService monitors;

    ReplayController(Replays replays, MonitorService monitors) {
        this.replays = replays;
        this.monitors = monitors;
    }

    @Requires(Permission.EDIT)
    @GetMapping("/monitors/{id}/replays/new")
    String form(ActiveTeam team, @PathVariable("id") long monitorId, Model model) {
        return form(team, monitors.get(team.id(), monitorId), new ReplayForm(), model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/monitors/{id}/replays")
    String request(
            ActiveTeam team,
            @PathVariable("id") long monitorId,
            @ModelAttribute("form") ReplayForm form,
            BindingResult errors,
            Model model) {
        Monitor monitor = monitors.get(team.id(), monitorId);
        if (errors.hasErrors()) {
            return form(team, monitor, form, model);
        }
        switch (replays.request(team, monitorId, form.proposal())) {
            case SaveResult.Refused<Long>(var problems) -> {
                FieldProblem.copyTo(problems, errors);
                return form(team, monitor, form, model);
            }
            case SaveResult.Saved<Long>(var id) -> {
                return "redirect:/replays/" + id;
            }
        }
    }

    @Requires(Permission.VIEW)
    @GetMapping("/replays/{replayId}")
    String show(ActiveTeam team, @PathVariable long replayId, Model model) {
        Replays.Replay replay = replays.get(team.id(), replayId);
        model.addAttribute("replay", replay);
        model.addAttribute("pageTitle", "Replay of " + replay.monitorName());
        return "replays/show";
    }

    private String form(ActiveTeam team, Monitor monitor, ReplayForm form, Model model) {
        model.addAttribute("monitor", monitor);
        model.addAttribute("form", form);
        model.addAttribute("reactions", monitors.reactionsOf(team.id()));
        model.addAttribute("mostDays", replays.mostDays());
        model.addAttribute("pageTitle", "Replay " + monitor.getName());
        return "replays/form";
    }
}
