package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page where a person creates, sees and revokes their API keys. */
@Controller
class ApiKeysController {

    private final ApiKeyService keys;

    ApiKeysController(ApiKeyService keys) {
        this.keys = keys;
    }

    @GetMapping("/account/api-keys")
    String list(@AuthenticationPrincipal CurrentUser user, Model model) {
        model.addAttribute("keys", keys.list(user.id()));
        return "account/api-keys";
    }

    @PostMapping("/account/api-keys")
    String create(@AuthenticationPrincipal CurrentUser user, @RequestParam(defaultValue = "") String name,
            Model model, RedirectAttributes redirect) {
        ApiKeyService.CreatedKey created;
        try {
            created = keys.create(user.id(), name);
        } catch (ApiValidationException e) {
            model.addAttribute("nameError", e.fields().get("name"));
            model.addAttribute("name", name);
            return list(user, model);
        } catch (QuotaExceededException e) {
            model.addAttribute("nameError", e.getMessage());
            model.addAttribute("name", name);
            return list(user, model);
        }
        // shown on the next page only: flash attributes live in the session for one redirect
        redirect.addFlashAttribute("newKey", created.value());
        redirect.addFlashAttribute("newKeyName", created.key().getName());
        return "redirect:/account/api-keys";
    }

    @PostMapping("/account/api-keys/{id}/revoke")
    String revoke(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        keys.revoke(user.id(), id);
        return "redirect:/account/api-keys";
    }
}
