package io.cloudroutes.crweb.onboarding;

import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;

/** Hides the onboarding guide of the team for the rest of the person's session. */
@Controller
class OnboardingController {

    private final DismissedGuides dismissed;

    OnboardingController(DismissedGuides dismissed) {
        this.dismissed = dismissed;
    }

    /** A preference of the person's own view, so viewers may dismiss it too; nothing of the team changes. */
    @Requires(Permission.VIEW)
    @PostMapping("/onboarding/dismiss")
    String dismiss(ActiveTeam team, HttpSession session) {
        dismissed.dismiss(session, team.id());
        return "redirect:/";
    }
}
