package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The code page of a log-in whose password was right and whose account has a second factor. */
@Controller
class SecondFactorController {

    private final SecondFactorLogin login;
    private final TwoFactorService twoFactor;
    private final Clock clock;

    SecondFactorController(SecondFactorLogin login, TwoFactorService twoFactor, Clock clock) {
        this.login = login;
        this.twoFactor = twoFactor;
        this.clock = clock;
    }

    @Requires(Permission.PUBLIC)
    @GetMapping(SecondFactorLogin.CODE_PAGE)
    String page(HttpServletRequest request) {
        if (login.expired(request)) {
            return "redirect:/login?codeExpired";
        }
        return login.pending(request).isPresent() ? "login-code" : "redirect:/login";
    }

    @Requires(Permission.PUBLIC)
    @PostMapping(SecondFactorLogin.CODE_PAGE)
    String check(
            @RequestParam(defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (login.expired(request)) {
            return "redirect:/login?codeExpired";
        }
        Optional<SecondFactorLogin.Pending> pending = login.pending(request);
        if (pending.isEmpty()) {
            return "redirect:/login";
        }
        if (code.isBlank()) {
            model.addAttribute("error", "Enter the 6-digit code your authenticator app shows, or a recovery code.");
            return "login-code";
        }
        TwoFactorService.Check check = twoFactor.logIn(pending.get().userId(), code, request.getRemoteAddr());
        if (check.accepted()) {
            if (check.result() == TwoFactorService.Result.ACCEPTED_RECOVERY_CODE) {
                Flash.notice(redirect, recoveryCodeUsed(check.recoveryCodesLeft()));
            }
            return "redirect:" + login.signIn(pending.get(), request, response);
        }
        model.addAttribute("error", TwoFactorController.refusal(check, clock));
        return "login-code";
    }

    /** What the first page after a log-in with a recovery code says. */
    static String recoveryCodeUsed(long left) {
        String codes = left == 1 ? "1 recovery code" : left + " recovery codes";
        return "You logged in with a recovery code; it cannot be used again. You have " + codes + " left"
                + (left <= 3 ? ": make new ones on the two-factor authentication page." : ".");
    }
}
