package io.cloudroutes.crweb.monitor;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.monitor.Monitor;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The monitor form's "Check now" button: the form is posted here instead of being saved, the check runs once with its
 * settings, and the same form comes back with the result above the button (or with field errors, as a save shows
 * them). Without JavaScript this is an ordinary form post; check-now.js posts it in the background and shows the
 * result in place.
 */
@Controller
class CheckNowController {

    private final CheckNow checkNow;
    private final MonitorService service;
    private final MonitorController pages;

    CheckNowController(CheckNow checkNow, MonitorService service, MonitorController pages) {
        this.checkNow = checkNow;
        this.service = service;
        this.pages = pages;
    }

    @Requires(Permission.EDIT)
    @PostMapping("/monitors/check-now")
    String checkNew(ActiveTeam team, @ModelAttribute("form") MonitorForm form, BindingResult errors, Model model) {
        CheckType type = service.types()
                .find(form.getCheckType())
                .orElseThrow(() -> new NotFoundException("check type '" + form.getCheckType() + "'"));
        return check(team, type, null, form, errors, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/monitors/{id}/check-now")
    String checkExisting(
            ActiveTeam team,
            @PathVariable long id,
            @ModelAttribute("form") MonitorForm form,
            BindingResult errors,
            Model model) {
        Monitor monitor = service.get(team.id(), id);
        form.setCheckType(monitor.getCheckType()); // the type of a monitor does not change
        CheckType type = service.types()
                .find(monitor.getCheckType())
                .orElseThrow(() -> new NotFoundException("check type '" + monitor.getCheckType() + "'"));
        return check(team, type, monitor, form, errors, model);
    }

    private String check(
            ActiveTeam team, CheckType type, Monitor existing, MonitorForm form, BindingResult errors, Model model) {
        // only what the check needs counts here: a missing name or a bad interval waits for the save
        List<FieldProblem> problems = new ArrayList<>();
        errors.getFieldErrors().stream()
                .filter(e ->
                        e.getField().startsWith("settings[") || e.getField().equals("timeoutSeconds"))
                .forEach(e -> problems.add(new FieldProblem(e.getField(), e.getDefaultMessage())));
        List<FieldProblem> found = new ArrayList<>();
        try {
            CheckNow.Result result =
                    problems.isEmpty() ? checkNow.run(team.id(), type, existing, form.draft(), found) : null;
            FieldProblem.copyTo(found, errors);
            model.addAttribute("checkNow", result);
            if (result == null) {
                model.addAttribute("checkNowRefused", true);
            }
        } catch (QuotaExceededException e) {
            model.addAttribute("checkNowError", e.getMessage());
        }
        return pages.form(team, form, type, existing, model);
    }
}
