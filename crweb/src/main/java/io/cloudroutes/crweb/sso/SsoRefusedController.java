package io.cloudroutes.crweb.sso;

import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The page a refused single sign-on log-in lands on, saying why and what to do. */
@Controller
class SsoRefusedController {

    private final SsoProperties properties;

    SsoRefusedController(SsoProperties properties) {
        this.properties = properties;
    }

    @Requires(Permission.PUBLIC)
    @GetMapping(SingleSignOn.REFUSED_PATH)
    String refused(
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String provider,
            Model model) {
        model.addAttribute("reason", SsoRefusal.fromCode(reason).sentence);
        // only a configured provider's name is shown, never text from the address
        model.addAttribute(
                "providerName",
                properties
                        .provider(provider)
                        .map(SsoProperties.Provider::displayName)
                        .orElse(null));
        return "sso/refused";
    }
}
