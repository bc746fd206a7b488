package io.cloudroutes.crweb.breaker;

import io.cloudroutes.crweb.breaker.TeamBreakerSettings.Field;
import io.cloudroutes.crweb.breaker.TeamBreakerSettings.Limits;
import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The "Blast-radius breaker" form on the team page, for the team's owners and admins. Refused input goes back to the
 * page as it was typed, with an error under each wrong field (keys {@code breaker-NAME}), and changes nothing.
 */
@Controller
class TeamBreakerController {

    private final TeamBreakerSettings settings;

    TeamBreakerController(TeamBreakerSettings settings) {
        this.settings = settings;
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @PostMapping("/team/breaker")
    String save(ActiveTeam team, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<String, String> problems = new LinkedHashMap<>();
        List<Integer> values = new ArrayList<>();
        for (Field field : TeamBreakerSettings.FIELDS) {
            String typed = form.getOrDefault(field.name(), "").strip();
            Integer value = null;
            if (!typed.isEmpty()) {
                try {
                    value = Integer.valueOf(typed);
                } catch (NumberFormatException e) {
                    problems.put(field.name(), field.message());
                }
            }
            values.add(value);
        }
        Limits limits = new Limits(values.get(0), values.get(1), values.get(2), values.get(3));
        TeamBreakerSettings.problems(limits).forEach(problems::putIfAbsent);
        if (!problems.isEmpty()) {
            Map<String, String> errors = new LinkedHashMap<>();
            problems.forEach((field, message) -> errors.put("breaker-" + field, message));
            Map<String, String> typed = new LinkedHashMap<>();
            TeamBreakerSettings.FIELDS.forEach(f -> typed.put(f.name(), form.getOrDefault(f.name(), "")));
            redirect.addFlashAttribute("errors", errors);
            redirect.addFlashAttribute("breakerTyped", typed);
            Flash.notice(redirect, "The breaker limits were not changed: correct the fields marked below.");
            return "redirect:/team#breaker";
        }
        Flash.notice(
                redirect,
                settings.set(team, limits)
                        ? "The breaker limits are saved; the actioners use them from their next check."
                        : "The breaker limits are unchanged.");
        return "redirect:/team#breaker";
    }
}
