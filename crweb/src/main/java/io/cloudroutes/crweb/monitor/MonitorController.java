package io.cloudroutes.crweb.monitor;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.account.CurrentUser;
import io.cloudroutes.crweb.push.PushSecrets;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.PluginSettings;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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
    private final ReactionConfigRepository reactions;
    private final MonitorEventRepository events;
    private final ReactionRunRepository runs;
    private final PushSecrets pushSecrets;

    MonitorController(MonitorService service, LiveState live, ReactionConfigRepository reactions,
            MonitorEventRepository events, ReactionRunRepository runs, PushSecrets pushSecrets) {
        this.service = service;
        this.live = live;
        this.reactions = reactions;
        this.events = events;
        this.runs = runs;
        this.pushSecrets = pushSecrets;
    }

    @GetMapping("/monitors")
    String list(@AuthenticationPrincipal CurrentUser user, Model model) {
        List<Monitor> monitors = service.list(user.id());
        model.addAttribute("monitors", monitors);
        model.addAttribute("states", live.states(monitors.stream().map(Monitor::getId).toList()));
        return "monitors/list";
    }

    @GetMapping("/monitors/new")
    String newMonitor(@AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) String type,
            Model model) {
        if (type == null || type.isBlank()) {
            model.addAttribute("types", service.types().all());
            return "monitors/types";
        }
        CheckType checkType = service.types().find(type)
                .orElseThrow(() -> new NotFoundException("check type '" + type + "'"));
        return form(user, MonitorForm.forType(checkType), checkType, null, model);
    }

    @PostMapping("/monitors")
    String create(@AuthenticationPrincipal CurrentUser user, @Valid @ModelAttribute("form") MonitorForm form,
            BindingResult errors, Model model, RedirectAttributes redirect) {
        Optional<Monitor> saved = service.create(user.id(), form, errors);
        if (saved.isEmpty()) {
            return form(user, form, service.types().find(form.getCheckType()).orElse(null), null, model);
        }
        pushSecrets.issueIfPushed(saved.get()).ifPresent(issued -> issued.flashTo(redirect));
        return "redirect:/monitors/" + saved.get().getId();
    }

    @GetMapping("/monitors/{id}")
    String show(@AuthenticationPrincipal CurrentUser user, @PathVariable long id, Model model) {
        Monitor monitor = service.get(user.id(), id);
        model.addAttribute("monitor", monitor);
        model.addAttribute("state", live.state(id));
        model.addAttribute("results", live.recentResults(id));
        model.addAttribute("events", events.findByMonitorIdOrderByOccurredAtDescIdDesc(id, Limit.of(20)));
        model.addAttribute("runs", runs.findByMonitorIdOrderByStartedAtDescIdDesc(id, Limit.of(20)));
        model.addAttribute("type", service.types().find(monitor.getCheckType()).orElse(null));
        return "monitors/detail";
    }

    @GetMapping("/monitors/{id}/edit")
    String edit(@AuthenticationPrincipal CurrentUser user, @PathVariable long id, Model model) {
        Monitor monitor = service.get(user.id(), id);
        CheckType type = service.types().find(monitor.getCheckType()).orElse(null);
        Map<String, String> visible = type == null ? monitor.getSettings()
                : PluginSettings.visible(type, monitor.getSettings());
        return form(user, MonitorForm.of(monitor, visible), type, monitor, model);
    }

    @PostMapping("/monitors/{id}")
    String update(@AuthenticationPrincipal CurrentUser user, @PathVariable long id,
            @Valid @ModelAttribute("form") MonitorForm form, BindingResult errors, Model model) {
        Optional<Monitor> saved = service.update(user.id(), id, form, errors);
        if (saved.isEmpty()) {
            Monitor monitor = service.get(user.id(), id);
            return form(user, form, service.types().find(monitor.getCheckType()).orElse(null), monitor, model);
        }
        return "redirect:/monitors/" + id;
    }

    /** Holds the status at FAILED or HEALTHY, or releases it (NONE). */
    @PostMapping("/monitors/{id}/override")
    String override(@AuthenticationPrincipal CurrentUser user, @PathVariable long id, @RequestParam String status) {
        Status held = switch (status) {
            case "FAILED" -> Status.FAILED;
            case "HEALTHY" -> Status.HEALTHY;
            case "NONE" -> null;
            default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "status must be FAILED, HEALTHY or NONE (to follow the checks again)");
        };
        service.override(user.id(), id, held, user.getUsername());
        return "redirect:/monitors/" + id;
    }

    @PostMapping("/monitors/{id}/delete")
    String delete(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        service.delete(user.id(), id);
        return "redirect:/monitors";
    }

    private String form(CurrentUser user, MonitorForm form, CheckType type, Monitor existing, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("type", type);
        model.addAttribute("existing", existing);
        model.addAttribute("pageTitle", existing != null ? "Edit " + existing.getName()
                : "New " + (type != null ? type.name() + " " : "") + "monitor");
        PluginSettings.addToForm(model, existing == null ? Map.of() : existing.getSettings());
        model.addAttribute("reactions", reactions.findByOwnerIdOrderByNameAsc(user.id()));
        return "monitors/form";
    }
}
