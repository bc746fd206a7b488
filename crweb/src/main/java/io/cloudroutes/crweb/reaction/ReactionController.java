package io.cloudroutes.crweb.reaction;

import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.system.FieldProblem;
import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.PluginSettings;
import io.cloudroutes.crweb.system.SaveResult;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.reaction.ReactionConfig;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

/** Pages to list, create, edit and delete reactions. */
@Controller
class ReactionController {

    private final ReactionService service;
    private final ReactionTestRuns testRuns;
    private final Validator validator;

    ReactionController(ReactionService service, ReactionTestRuns testRuns, Validator validator) {
        this.service = service;
        this.testRuns = testRuns;
        this.validator = validator;
    }

    /**
     * A test run from the reaction's page: {@code dry} shows the request it would send; a real run needs the
     * confirmation box ticked, because it really reboots, fails over or pages. The outcome is shown by the reaction's
     * page after a redirect (post/redirect/get), scrolled to the result: reloading that page shows the page again and
     * never runs the reaction a second time.
     */
    @Requires(Permission.EDIT)
    @PostMapping("/reactions/{id}/test")
    String test(
            ActiveTeam team,
            @PathVariable long id,
            @RequestParam(defaultValue = "dry") String mode,
            @RequestParam(defaultValue = "FAILED") Status direction,
            @RequestParam(defaultValue = "false") boolean confirm,
            @RequestParam(required = false) Long monitorId,
            RedirectAttributes redirect) {
        service.get(team.id(), id);
        if (direction != Status.FAILED && direction != Status.HEALTHY) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a test run reacts to FAILED or HEALTHY");
        }
        if ("real".equals(mode) && !confirm) {
            redirect.addFlashAttribute("testError", "Tick the box to confirm: a real run does what the reaction does.");
            return "redirect:/reactions/" + id + "/edit#test-run";
        }
        try {
            redirect.addFlashAttribute(
                    "testRun",
                    "real".equals(mode)
                            ? testRuns.runForReal(team.id(), id, direction, team.email(), monitorId)
                            : testRuns.dryRun(team.id(), id, direction, team.email(), monitorId));
        } catch (QuotaExceededException e) {
            redirect.addFlashAttribute("testError", e.getMessage());
            return "redirect:/reactions/" + id + "/edit#test-run";
        }
        return "redirect:/reactions/" + id + "/edit#test-result";
    }

    @Requires(Permission.VIEW)
    @GetMapping("/reactions")
    String list(ActiveTeam team, Model model) {
        List<ReactionConfig> reactions = service.list(team.id());
        model.addAttribute("reactions", reactions);
        model.addAttribute("types", service.types());
        // whether safeguards treat each one's runs as disruptive: its own say, else its type's
        model.addAttribute(
                "disruptive",
                reactions.stream()
                        .collect(Collectors.toMap(
                                ReactionConfig::getId,
                                r -> r.isDisruptive(service.types()
                                        .find(r.getReactionType())
                                        .orElse(null)))));
        return "reactions/list";
    }

    @Requires(Permission.EDIT)
    @GetMapping("/reactions/new")
    String newReaction(@RequestParam(required = false) String type, Model model) {
        if (type == null || type.isBlank()) {
            model.addAttribute("groups", service.types().grouped());
            return "reactions/types";
        }
        ReactionType reactionType =
                service.types().find(type).orElseThrow(() -> new NotFoundException("reaction type '" + type + "'"));
        return form(new ReactionForm(ReactionDraft.forType(reactionType.id())), reactionType, null, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/reactions")
    String create(
            ActiveTeam team,
            @ModelAttribute("form") ReactionForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        ReactionDraft draft = form.draft();
        List<FieldProblem> found = FieldProblem.ofForm(errors, validator, draft);
        SaveResult<ReactionConfig> result;
        try {
            result = service.create(team.id(), team.memberId(), draft, found);
        } catch (QuotaExceededException e) {
            errors.reject("quota", e.getMessage());
            result = new SaveResult.Refused<>(List.of());
        }
        switch (result) {
            case SaveResult.Refused<ReactionConfig>(var problems) -> {
                FieldProblem.copyTo(problems, errors);
                return form(form, service.types().find(form.getReactionType()).orElse(null), null, model);
            }
            case SaveResult.Saved<ReactionConfig>(var saved) -> {
                Flash.notice(
                        redirect,
                        "Created reaction " + saved.getName() + ". Try it with a test run below, and "
                                + "attach it to monitors on their edit pages.");
                return "redirect:/reactions/" + saved.getId() + "/edit";
            }
        }
    }

    @Requires(Permission.EDIT)
    @GetMapping("/reactions/{id}/edit")
    String edit(ActiveTeam team, @PathVariable long id, Model model) {
        ReactionConfig reaction = service.get(team.id(), id);
        ReactionType type = service.types().find(reaction.getReactionType()).orElse(null);
        Map<String, String> visible =
                type == null ? reaction.getSettings() : PluginSettings.visible(type, reaction.getSettings());
        return form(new ReactionForm(ReactionDraft.of(reaction, visible)), type, reaction, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/reactions/{id}")
    String update(
            ActiveTeam team,
            @PathVariable long id,
            @ModelAttribute("form") ReactionForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        ReactionDraft draft = form.draft();
        List<FieldProblem> found = FieldProblem.ofForm(errors, validator, draft);
        switch (service.update(team.id(), id, draft, found)) {
            case SaveResult.Refused<ReactionConfig>(var problems) -> {
                ReactionConfig reaction = service.get(team.id(), id);
                form.setReactionType(reaction.getReactionType()); // the type of a reaction does not change
                FieldProblem.copyTo(problems, errors);
                return form(
                        form, service.types().find(reaction.getReactionType()).orElse(null), reaction, model);
            }
            case SaveResult.Saved<ReactionConfig>(var saved) -> {
                Flash.notice(redirect, "Saved reaction " + saved.getName() + ".");
                return "redirect:/reactions";
            }
        }
    }

    @Requires(Permission.EDIT)
    @PostMapping("/reactions/{id}/delete")
    String delete(ActiveTeam team, @PathVariable long id, RedirectAttributes redirect) {
        String name = service.get(team.id(), id).getName();
        service.delete(team.id(), id);
        Flash.notice(redirect, "Deleted reaction " + name + ".");
        return "redirect:/reactions";
    }

    private String form(ReactionForm form, ReactionType type, ReactionConfig existing, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("type", type);
        model.addAttribute("existing", existing);
        model.addAttribute(
                "pageTitle",
                existing != null
                        ? "Edit " + existing.getName()
                        : "New " + (type != null ? type.name() + " " : "") + "reaction");
        PluginSettings.addToForm(
                model,
                type,
                existing == null ? Map.of() : existing.getSettings(),
                existing == null ? null : existing.secretScope(),
                service.secrets());
        if (existing != null) {
            model.addAttribute("subjects", testRuns.subjects(existing.getOwnerId(), existing.getId()));
        }
        return "reactions/form";
    }
}
