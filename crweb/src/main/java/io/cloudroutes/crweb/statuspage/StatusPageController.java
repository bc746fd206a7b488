package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.statuspage.IncidentState;
import io.cloudroutes.store.statuspage.StatusIncident;
import io.cloudroutes.store.statuspage.StatusPage;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages to list, create, edit and delete a team's status pages, and to write and update their incident notes. */
@Controller
class StatusPageController {

    /** The fields of the page form a problem can be shown beside; others are shown above the form. */
    private static final Set<String> FORM_FIELDS =
            Set.of("slug", "title", "description", "customDomain", "timeZone", "groups");

    private final StatusPageService service;
    private final DomainProofs proofs;

    StatusPageController(StatusPageService service, DomainProofs proofs) {
        this.service = service;
        this.proofs = proofs;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/status-pages")
    String list(ActiveTeam team, Model model) {
        model.addAttribute("pages", service.list(team.id()));
        model.addAttribute("mayEdit", team.may(Permission.EDIT));
        return "statuspages/list";
    }

    @Requires(Permission.EDIT)
    @GetMapping("/status-pages/new")
    String newPage(ActiveTeam team, Model model) {
        StatusPageForm form = new StatusPageForm();
        form.setGroups("Services");
        return form(team, form, null, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/status-pages")
    String create(
            ActiveTeam team,
            @ModelAttribute("form") StatusPageForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return form(team, form, null, model);
        }
        switch (service.create(team.id(), form.draft())) {
            case SaveResult.Refused<StatusPage>(var problems) -> {
                show(problems, errors);
                return form(team, form, null, model);
            }
            case SaveResult.Saved<StatusPage>(var saved) -> {
                Flash.notice(
                        redirect,
                        "Created status page " + saved.getTitle()
                                + (saved.isPublished()
                                        ? ": it is public at /status/" + saved.getSlug() + "."
                                        : ". It is not published yet: tick Published to show it at /status/"
                                                + saved.getSlug() + "."));
                return "redirect:/status-pages/" + saved.getId() + "/edit";
            }
        }
    }

    @Requires(Permission.EDIT)
    @GetMapping("/status-pages/{pageId}/edit")
    String edit(ActiveTeam team, @PathVariable long pageId, Model model) {
        StatusPage page = service.get(team.id(), pageId);
        return form(team, StatusPageForm.of(page), page, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/status-pages/{pageId}")
    String update(
            ActiveTeam team,
            @PathVariable long pageId,
            @ModelAttribute("form") StatusPageForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        StatusPage page = service.get(team.id(), pageId);
        if (errors.hasErrors()) {
            return form(team, form, page, model);
        }
        switch (service.update(team.id(), pageId, form.draft())) {
            case SaveResult.Refused<StatusPage>(var problems) -> {
                show(problems, errors);
                return form(team, form, page, model);
            }
            case SaveResult.Saved<StatusPage>(var saved) -> {
                Flash.notice(redirect, "Saved status page " + saved.getTitle() + ".");
                return "redirect:/status-pages/" + saved.getId() + "/edit";
            }
        }
    }

    @Requires(Permission.EDIT)
    @PostMapping("/status-pages/{pageId}/domain/verify")
    String verifyDomain(ActiveTeam team, @PathVariable long pageId, RedirectAttributes redirect) {
        List<FieldProblem> problems = proofs.verifyNow(team.id(), pageId);
        StatusPage page = service.get(team.id(), pageId);
        if (!problems.isEmpty()) {
            Flash.notice(redirect, "Cannot verify: " + problems.getFirst().message() + ".");
        } else if (page.isDomainVerified()) {
            Flash.notice(
                    redirect,
                    "Verified " + page.getCustomDomain()
                            + (page.isPublished()
                                    ? ": the page is served there."
                                    : ": the page is served there once published."));
        } else {
            Flash.notice(redirect, "Not verified yet: " + page.getDomainCheckMessage() + ".");
        }
        return "redirect:/status-pages/" + pageId + "/edit#domain";
    }

    @Requires(Permission.EDIT)
    @PostMapping("/status-pages/{pageId}/delete")
    String delete(ActiveTeam team, @PathVariable long pageId, RedirectAttributes redirect) {
        String title = service.get(team.id(), pageId).getTitle();
        service.delete(team.id(), pageId);
        Flash.notice(redirect, "Deleted status page " + title + ".");
        return "redirect:/status-pages";
    }

    @Requires(Permission.EDIT)
    @PostMapping("/status-pages/{pageId}/incidents")
    String openIncident(
            ActiveTeam team,
            @PathVariable long pageId,
            @ModelAttribute("incident") IncidentForm incident,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        StatusPage page = service.get(team.id(), pageId);
        if (!errors.hasErrors()) {
            switch (service.openIncident(team.id(), pageId, incident.draft())) {
                case SaveResult.Refused<StatusIncident>(var problems) -> FieldProblem.copyTo(problems, errors);
                case SaveResult.Saved<StatusIncident>(var saved) -> {
                    Flash.notice(redirect, "Posted incident " + saved.getTitle() + ".");
                    return "redirect:/status-pages/" + pageId + "/edit#incidents";
                }
            }
        }
        return form(team, StatusPageForm.of(page), page, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/status-pages/{pageId}/incidents/{incidentId}/updates")
    String updateIncident(
            ActiveTeam team,
            @PathVariable long pageId,
            @PathVariable long incidentId,
            @ModelAttribute("update") IncidentForm update,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        StatusPage page = service.get(team.id(), pageId);
        service.incident(team.id(), pageId, incidentId);
        if (!errors.hasErrors()) {
            switch (service.updateIncident(team.id(), pageId, incidentId, update.draft())) {
                case SaveResult.Refused<StatusIncident>(var problems) -> FieldProblem.copyTo(problems, errors);
                case SaveResult.Saved<StatusIncident>(var saved) -> {
                    Flash.notice(
                            redirect,
                            "Updated incident " + saved.getTitle() + ": "
                                    + saved.getState().label() + ".");
                    return "redirect:/status-pages/" + pageId + "/edit#incidents";
                }
            }
        }
        model.addAttribute("updateFor", incidentId);
        return form(team, StatusPageForm.of(page), page, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/status-pages/{pageId}/incidents/{incidentId}/delete")
    String deleteIncident(
            ActiveTeam team, @PathVariable long pageId, @PathVariable long incidentId, RedirectAttributes redirect) {
        String title = service.incident(team.id(), pageId, incidentId).getTitle();
        service.deleteIncident(team.id(), pageId, incidentId);
        Flash.notice(redirect, "Deleted incident " + title + ".");
        return "redirect:/status-pages/" + pageId + "/edit#incidents";
    }

    private static void show(List<FieldProblem> problems, BindingResult errors) {
        for (FieldProblem problem : problems) {
            if (FORM_FIELDS.contains(problem.field())) {
                errors.rejectValue(problem.field(), "invalid", problem.message());
            } else {
                errors.reject(problem.field(), problem.message());
            }
        }
    }

    private String form(ActiveTeam team, StatusPageForm form, StatusPage existing, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("existing", existing);
        model.addAttribute("monitors", service.monitorsOf(team.id()));
        model.addAttribute("states", IncidentState.values());
        model.addAttribute("pageTitle", existing == null ? "New status page" : "Edit " + existing.getTitle());
        model.addAttribute("domainsOn", service.customDomainsOn());
        model.addAttribute("domainTarget", service.ownHost());
        if (existing != null && existing.getCustomDomain() != null) {
            model.addAttribute("challengeName", ChallengeLookup.challengeName(existing.getCustomDomain()));
            model.addAttribute("challengeValue", DomainProofs.txtValue(existing));
        }
        if (existing != null) {
            model.addAttribute("incidents", service.incidents(team.id(), existing.getId()));
            if (!model.containsAttribute("incident")) {
                model.addAttribute("incident", new IncidentForm());
            }
            if (!model.containsAttribute("update")) {
                model.addAttribute("update", new IncidentForm());
            }
        }
        return "statuspages/form";
    }
}
