package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Forgot your password?": the form that asks for a reset link (answered the same whether the address has an account
 * or not), and the form the link opens, which sets the new password and uses the link up.
 */
@Controller
class PasswordResetController {

    private final PasswordResets resets;
    private final AccountMail mail;

    PasswordResetController(PasswordResets resets, AccountMail mail) {
        this.resets = resets;
        this.mail = mail;
    }

    @ModelAttribute("mailUnavailable")
    boolean mailUnavailable() {
        return !mail.configured();
    }

    @Requires(Permission.PUBLIC)
    @GetMapping("/password-reset")
    String requestForm(Model model) {
        model.addAttribute("form", new EmailForm(""));
        return "account/password-reset-request";
    }

    @Requires(Permission.PUBLIC)
    @PostMapping("/password-reset")
    String request(@Valid @ModelAttribute("form") EmailForm form, BindingResult errors, HttpServletRequest request) {
        if (errors.hasErrors()) {
            return "account/password-reset-request";
        }
        // the same answer whether the address has an account or not
        resets.request(form.email(), request.getRemoteAddr());
        return "redirect:/password-reset?sent";
    }

    @Requires(Permission.PUBLIC)
    @GetMapping("/password-reset/new")
    String newPasswordForm(
            @RequestParam(name = "token", required = false) String token, Model model, HttpServletResponse response) {
        if (!resets.linkWorks(token)) {
            return linkInvalid(response);
        }
        model.addAttribute("form", new NewPasswordForm(token, ""));
        return "account/password-reset-form";
    }

    @Requires(Permission.PUBLIC)
    @PostMapping("/password-reset/new")
    String setPassword(
            @Valid @ModelAttribute("form") NewPasswordForm form, BindingResult errors, HttpServletResponse response) {
        PasswordRules.rejectIfTooLong(errors, "password", form.password());
        if (errors.hasErrors()) {
            return resets.linkWorks(form.token()) ? "account/password-reset-form" : linkInvalid(response);
        }
        if (!resets.reset(form.token(), form.password())) {
            return linkInvalid(response);
        }
        return "redirect:/login?passwordReset";
    }

    private static String linkInvalid(HttpServletResponse response) {
        response.setStatus(HttpStatus.GONE.value());
        return "account/link-invalid";
    }
}
