package io.cloudroutes.crweb.monitor;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.api.ApiPage;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.PluginSettings;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.monitor.Monitor;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages to list, create, view, edit and delete monitors. */
@Controller
class MonitorController {

    private final MonitorService service;
    private final LiveState live;
    private final MonitorHistory history;
    private final Validator validator;
    private final MonitorDependencies dependencies;

    MonitorController(
            MonitorService service,
            LiveState live,
            MonitorHistory history,
            Validator validator,
            MonitorDependencies dependencies) {
        this.service = service;
        this.dependencies = dependencies;
        this.live = live;
        this.history = history;
        this.validator = validator;
    }

    /** Rows per page of the tables on a monitor's page. */
    static final int RESULTS_PER_PAGE = 10;

    static final int HISTORY_PER_PAGE = 20;

    @Requires(Permission.VIEW)
    @GetMapping("/monitors")
    String list(ActiveTeam team, Model model) {
        List<Monitor> monitors = service.list(team.id());
        model.addAttribute("monitors", monitors);
        model.addAttribute(
                "states", live.states(monitors.stream().map(Monitor::getId).toList()));
        model.addAttribute("targets", service.targets(monitors));
        return "monitors/list";
    }

    @Requires(Permission.EDIT)
    @GetMapping("/monitors/new")
    String newMonitor(ActiveTeam team, @RequestParam(required = false) String type, Model model) {
        if (type == null || type.isBlank()) {
            model.addAttribute("groups", service.types().grouped());
            return "monitors/types";
        }
        CheckType checkType =
                service.types().find(type).orElseThrow(() -> new NotFoundException("check type '" + type + "'"));
        return form(team, new MonitorForm(service.newDraft(checkType)), checkType, null, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/monitors")
    String create(
            ActiveTeam team,
            @ModelAttribute("form") MonitorForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        MonitorDraft draft = form.draft();
        List<FieldProblem> found = FieldProblem.ofForm(errors, validator, draft);
        SaveResult<MonitorService.Created> result;
        try {
            result = service.create(team.id(), team.memberId(), draft, found);
        } catch (QuotaExceededException e) {
            errors.reject("quota", e.getMessage());
            result = new SaveResult.Refused<>(List.of());
        }
        switch (result) {
            case SaveResult.Refused<MonitorService.Created>(var problems) -> {
                FieldProblem.copyTo(problems, errors);
                return form(
                        team, form, service.types().find(form.getCheckType()).orElse(null), null, model);
            }
            case SaveResult.Saved<MonitorService.Created>(var saved) -> {
                saved.pushSecret().ifPresent(issued -> issued.flashTo(redirect));
                Monitor created = saved.monitor();
                Flash.notice(redirect, "Created monitor " + created.getName() + ".");
                return "redirect:/monitors/" + created.getId();
            }
        }
    }

    /**
     * A monitor's page. Its results, events and reaction runs are paged like the API's lists ({@code results},
     * {@code events} and {@code runs} are the zero-based page numbers), newest first.
     */
    @Requires(Permission.VIEW)
    @GetMapping("/monitors/{id}")
    String show(
            ActiveTeam team,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int results,
            @RequestParam(defaultValue = "0") int events,
            @RequestParam(defaultValue = "0") int runs,
            Model model) {
        Monitor monitor = service.get(team.id(), id);
        model.addAttribute("monitor", monitor);
        model.addAttribute("state", live.state(id));
        model.addAttribute("target", service.target(monitor));
        model.addAttribute("results", live.recentResults(id, Math.max(results, 0), RESULTS_PER_PAGE));
        model.addAttribute(
                "events",
                ApiPage.of(history.events(monitor, PageRequest.of(Math.max(events, 0), HISTORY_PER_PAGE)), e -> e));
        var runPage = history.runs(monitor, PageRequest.of(Math.max(runs, 0), HISTORY_PER_PAGE));
        model.addAttribute("runs", ApiPage.of(runPage, r -> r));
        model.addAttribute("verifications", history.verificationsOf(runPage.getContent()));
        model.addAttribute("type", service.types().find(monitor.getCheckType()).orElse(null));
        model.addAttribute("parents", dependencies.parents(team.id(), id));
        model.addAttribute("children", dependencies.children(team.id(), id));
        return "monitors/detail";
    }

    @Requires(Permission.EDIT)
    @GetMapping("/monitors/{id}/edit")
    String edit(ActiveTeam team, @PathVariable long id, Model model) {
        Monitor monitor = service.get(team.id(), id);
        CheckType type = service.types().find(monitor.getCheckType()).orElse(null);
        Map<String, String> visible =
                type == null ? monitor.getSettings() : PluginSettings.visible(type, monitor.getSettings());
        return form(team, new MonitorForm(MonitorDraft.of(monitor, visible)), type, monitor, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/monitors/{id}")
    String update(
            ActiveTeam team,
            @PathVariable long id,
            @ModelAttribute("form") MonitorForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        MonitorDraft draft = form.draft();
        List<FieldProblem> found = FieldProblem.ofForm(errors, validator, draft);
        switch (service.update(team.id(), id, draft, found)) {
            case SaveResult.Refused<Monitor>(var problems) -> {
                Monitor monitor = service.get(team.id(), id);
                form.setCheckType(monitor.getCheckType()); // the type of a monitor does not change
                FieldProblem.copyTo(problems, errors);
                return form(
                        team, form, service.types().find(monitor.getCheckType()).orElse(null), monitor, model);
            }
            case SaveResult.Saved<Monitor>(var saved) -> {
                Flash.notice(redirect, "Saved monitor " + saved.getName() + ".");
                return "redirect:/monitors/" + id;
            }
        }
    }

    /** Holds the status at FAILED or HEALTHY, or releases it (NONE). */
    @Requires(Permission.EDIT)
    @PostMapping("/monitors/{id}/override")
    String override(ActiveTeam team, @PathVariable long id, @RequestParam String status, RedirectAttributes redirect) {
        Status held = switch (status) {
            case "FAILED" -> Status.FAILED;
            case "HEALTHY" -> Status.HEALTHY;
            case "NONE" -> null;
            default ->
                throw new ResponseStatusException(
                        HttpStatus.BAD_REQUEST, "status must be FAILED, HEALTHY or NONE (to follow the checks again)");
        };
        service.override(team.id(), id, held, team.email());
        Flash.notice(
                redirect,
                held == null
                        ? "Released: the monitor follows its checks again."
                        : "Held at " + held + " until released.");
        return "redirect:/monitors/" + id;
    }

    @Requires(Permission.EDIT)
    @PostMapping("/monitors/{id}/delete")
    String delete(ActiveTeam team, @PathVariable long id, RedirectAttributes redirect) {
        String name = service.get(team.id(), id).getName();
        service.delete(team.id(), id);
        Flash.notice(redirect, "Deleted monitor " + name + " and its history.");
        return "redirect:/monitors";
    }

    // package-private: the check-now page shows the same form with its result
    String form(ActiveTeam team, MonitorForm form, CheckType type, Monitor existing, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("type", type);
        model.addAttribute("existing", existing);
        model.addAttribute(
                "pageTitle",
                existing != null
                        ? "Edit " + existing.getName()
                        : "New " + (type != null ? type.name() + " " : "") + "monitor");
        PluginSettings.addToForm(
                model,
                type,
                existing == null ? Map.of() : existing.getSettings(),
                existing == null ? null : existing.secretScope(),
                service.secrets());
        model.addAttribute("reactions", service.reactionsOf(team.id()));
        model.addAttribute(
                "dependencyChoices", dependencies.choices(team.id(), existing == null ? null : existing.getId()));
        model.addAttribute("zones", service.zones());
        return "monitors/form";
    }
}
