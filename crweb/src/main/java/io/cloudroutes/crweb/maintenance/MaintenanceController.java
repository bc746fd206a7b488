package io.cloudroutes.crweb.maintenance;

import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages to list, create, edit and delete maintenance windows, with what is on now and what comes next. */
@Controller
class MaintenanceController {

    private final MaintenanceWindows service;

    MaintenanceController(MaintenanceWindows service) {
        this.service = service;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/maintenance")
    String list(ActiveTeam team, Model model) {
        List<MaintenanceWindow> windows = service.list(team.id());
        Map<Long, MaintenanceWindows.WindowState> states = new LinkedHashMap<>();
        windows.forEach(window -> states.put(window.getId(), service.state(window)));
        model.addAttribute("windows", windows);
        model.addAttribute("states", states);
        model.addAttribute("upcoming", service.upcoming(team.id(), Duration.ofDays(14), 20));
        return "maintenance/list";
    }

    @Requires(Permission.EDIT)
    @GetMapping("/maintenance/new")
    String newWindow(ActiveTeam team, Model model) {
        return form(team, new MaintenanceForm(), null, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/maintenance")
    String create(
            ActiveTeam team,
            @ModelAttribute("form") MaintenanceForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        switch (service.create(team.id(), form.draft())) {
            case SaveResult.Refused<MaintenanceWindow>(var problems) -> {
                FieldProblem.copyTo(problems, errors);
                return form(team, form, null, model);
            }
            case SaveResult.Saved<MaintenanceWindow>(var saved) -> {
                Flash.notice(redirect, "Created maintenance window " + saved.getName() + ".");
                return "redirect:/maintenance";
            }
        }
    }

    @Requires(Permission.EDIT)
    @GetMapping("/maintenance/{windowId}/edit")
    String edit(ActiveTeam team, @PathVariable long windowId, Model model) {
        MaintenanceWindow window = service.get(team.id(), windowId);
        return form(team, MaintenanceForm.of(window), window, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/maintenance/{windowId}")
    String update(
            ActiveTeam team,
            @PathVariable long windowId,
            @ModelAttribute("form") MaintenanceForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        MaintenanceWindow existing = service.get(team.id(), windowId);
        switch (service.update(team.id(), windowId, form.draft())) {
            case SaveResult.Refused<MaintenanceWindow>(var problems) -> {
                FieldProblem.copyTo(problems, errors);
                return form(team, form, existing, model);
            }
            case SaveResult.Saved<MaintenanceWindow>(var saved) -> {
                Flash.notice(redirect, "Saved maintenance window " + saved.getName() + ".");
                return "redirect:/maintenance";
            }
        }
    }

    @Requires(Permission.EDIT)
    @PostMapping("/maintenance/{windowId}/delete")
    String delete(ActiveTeam team, @PathVariable long windowId, RedirectAttributes redirect) {
        String name = service.get(team.id(), windowId).getName();
        service.delete(team.id(), windowId);
        Flash.notice(redirect, "Deleted maintenance window " + name + ".");
        return "redirect:/maintenance";
    }

    private String form(ActiveTeam team, MaintenanceForm form, MaintenanceWindow existing, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("existing", existing);
        model.addAttribute("monitors", service.monitorsToChoose(team.id()));
        model.addAttribute(
                "zones", ZoneId.getAvailableZoneIds().stream().sorted().toList());
        model.addAttribute("pageTitle", existing == null ? "New maintenance window" : "Edit " + existing.getName());
        return "maintenance/form";
    }
}
