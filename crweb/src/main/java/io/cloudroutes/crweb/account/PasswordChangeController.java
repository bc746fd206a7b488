package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page where a signed-in person changes their password: the current one, then the new one twice, by sign-up's
 * rules. On success every other session of the account is signed out; this one stays, under a new session id.
 */
@Controller
class PasswordChangeController {

    private final PasswordChange passwords;

    PasswordChangeController(PasswordChange passwords) {
        this.passwords = passwords;
    }

    @Requires(Permission.SIGNED_IN)
    @GetMapping("/account/password")
    String form(Model model) {
        model.addAttribute("form", PasswordChangeForm.empty());
        return "account/password";
    }

    @Requires(Permission.SIGNED_IN)
    @PostMapping("/account/password")
    String change(
            @AuthenticationPrincipal CurrentUser user,
            @Valid @ModelAttribute("form") PasswordChangeForm form,
            BindingResult errors,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        PasswordRules.rejectIfTooLong(errors, "newPassword", form.newPassword());
        if (!errors.hasFieldErrors("newPassword")
                && !errors.hasFieldErrors("repeatedPassword")
                && !form.newPassword().equals(form.repeatedPassword())) {
            errors.rejectValue(
                    "repeatedPassword", "differs", "the two new passwords differ: type the same one in both fields");
        }
        if (errors.hasErrors()) {
            return "account/password";
        }
        Optional<PasswordChange.Refusal> refused =
                passwords.change(user, request.getRemoteAddr(), form.currentPassword(), form.newPassword());
        if (refused.isPresent()) {
            errors.rejectValue("currentPassword", "wrong", refused.get().message());
            return "account/password";
        }
        if (request.getSession(false) != null) {
            // this session stays, under a new id: an id seen before the change is worth nothing after it
            request.changeSessionId();
        }
        Flash.notice(redirect, "Your password was changed. Every other session of your account was signed out.");
        return "redirect:/account/sessions";
    }
}
