package io.cloudroutes.crweb.push;

import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The monitor page's "Rotate secret" button: a new secret, shown once on the page it returns to. */
@Controller
class PushSecretController {

    private final PushSecrets secrets;

    PushSecretController(PushSecrets secrets) {
        this.secrets = secrets;
    }

    @Requires(Permission.EDIT)
    @PostMapping("/monitors/{id}/push-secret")
    String rotate(ActiveTeam team, @PathVariable long id, RedirectAttributes redirect) {
        secrets.replace(team.id(), id).flashTo(redirect);
        return "redirect:/monitors/" + id;
    }
}
