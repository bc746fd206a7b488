package io.cloudroutes.crweb.shadow;

import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The shadow mode switch on the team page, for the team's owners and admins. */
@Controller
class ShadowModeController {

    private final ShadowModes shadowModes;

    ShadowModeController(ShadowModes shadowModes) {
        this.shadowModes = shadowModes;
    }

    @Requires(Permission.MANAGE_MEMBERS)
    @PostMapping("/team/shadow-mode")
    String switchShadowMode(
            ActiveTeam team, @RequestParam(defaultValue = "") String enabled, RedirectAttributes redirect) {
        if (!enabled.equals("true") && !enabled.equals("false")) {
            Flash.notice(redirect, "Shadow mode was not changed: choose on or off.");
            return "redirect:/team#shadow-mode";
        }
        boolean on = Boolean.parseBoolean(enabled);
        shadowModes.set(team, on);
        Flash.notice(
                redirect,
                on
                        ? "Shadow mode is on: reactions are recorded as WOULD_RUN and do nothing."
                        : "Shadow mode is off: reactions act again from the next change of status.");
        return "redirect:/team#shadow-mode";
    }
}
