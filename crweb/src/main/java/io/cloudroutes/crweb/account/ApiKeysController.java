package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.quota.QuotaExceededException;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import io.cloudroutes.store.apikey.ApiKeyScope;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page where a person creates (read-write or read-only, expiring or not), sees and revokes their API keys. */
@Controller
class ApiKeysController {

    private final ApiKeyService keys;
    private final Clock clock;

    ApiKeysController(ApiKeyService keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Requires(Permission.VIEW)
    @GetMapping("/account/api-keys")
    String list(ActiveTeam team, Model model) {
        model.addAttribute("keys", keys.list(team.id()));
        model.addAttribute("now", clock.instant());
        model.addAttribute("maxDays", ApiKeyService.MAX_DAYS);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "account/api-keys";
    }

    /**
     * Creates a key: {@code expiresInDays} is a number of days or empty, {@code expiresOn} a date (the key works
     * through that day, UTC) or empty; at most one of them.
     */
    @Requires(Permission.EDIT)
    @PostMapping("/account/api-keys")
    String create(
            ActiveTeam team,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "READ_WRITE") String scope,
            @RequestParam(defaultValue = "") String expiresInDays,
            @RequestParam(defaultValue = "") String expiresOn,
            Model model,
            RedirectAttributes redirect) {
        ApiKeyService.CreatedKey created;
        try {
            created = keys.create(
                    team, name, scope(scope), keys.expiry(date(expiresOn), days(expiresInDays), "expiresInDays"));
        } catch (ApiValidationException e) {
            return refused(team, model, e.fields(), name, scope, expiresInDays, expiresOn);
        } catch (QuotaExceededException e) {
            return refused(team, model, Map.of("name", e.getMessage()), name, scope, expiresInDays, expiresOn);
        }
        // shown on the next page only: flash attributes live in the session for one redirect
        redirect.addFlashAttribute("newKey", created.value());
        redirect.addFlashAttribute("newKeyName", created.key().getName());
        return "redirect:/account/api-keys";
    }

    /** The list again, with the form as it was sent and what is wrong with it. */
    private String refused(
            ActiveTeam team,
            Model model,
            Map<String, String> errors,
            String name,
            String scope,
            String expiresInDays,
            String expiresOn) {
        model.addAttribute("errors", errors);
        model.addAttribute("name", name);
        model.addAttribute("scope", scope);
        model.addAttribute("expiresInDays", expiresInDays);
        model.addAttribute("expiresOn", expiresOn);
        return list(team, model);
    }

    @Requires(Permission.EDIT)
    @PostMapping("/account/api-keys/{id}/revoke")
    String revoke(ActiveTeam team, @PathVariable long id) {
        keys.revoke(team, id);
        return "redirect:/account/api-keys";
    }

    private static ApiKeyScope scope(String scope) {
        try {
            return ApiKeyScope.valueOf(scope);
        } catch (IllegalArgumentException e) {
            throw new ApiValidationException(Map.of("scope", "choose read and write, or read only"));
        }
    }

    private static Integer days(String days) {
        if (days.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(days.trim());
        } catch (NumberFormatException e) {
            throw new ApiValidationException(Map.of("expiresInDays", "a number of days, e.g. 90"));
        }
    }

    /** The end of the day {@code date} names (UTC), when a key that works through that day expires; null if empty. */
    private static Instant date(String date) {
        if (date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.trim())
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiValidationException(Map.of("expiresAt", "a date such as 2027-01-31"));
        }
    }
}
