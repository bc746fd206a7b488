package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.system.Flash;
import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page where a person switches two-factor authentication on (scan, then confirm with a code), sees how many
 * recovery codes are left, makes new ones, and switches it off; the last two ask for the password or a current code.
 */
@Controller
class TwoFactorController {

    static final String PAGE = "/account/two-factor";

    private final TwoFactorService twoFactor;
    private final Clock clock;

    TwoFactorController(TwoFactorService twoFactor, Clock clock) {
        this.twoFactor = twoFactor;
        this.clock = clock;
    }

    @Requires(Permission.SIGNED_IN)
    @GetMapping(PAGE)
    String page(@AuthenticationPrincipal CurrentUser user, Model model) {
        return show(user, model, Map.of());
    }

    /** Switches it on when {@code code} is right for the secret shown; a wrong one changes nothing and says so. */
    @Requires(Permission.SIGNED_IN)
    @PostMapping(PAGE)
    String confirm(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(defaultValue = "") String code,
            Model model,
            RedirectAttributes redirect) {
        if (twoFactor.isEnabled(user.id())) {
            Flash.notice(redirect, "Two-factor authentication is already on.");
            return "redirect:" + PAGE;
        }
        if (!TotpCodes.looksLikeCode(code)) {
            return show(
                    user,
                    model,
                    Map.of("code", "Enter the 6 digits your authenticator app shows for CloudRoutes, e.g. 123456."));
        }
        Optional<List<String>> recoveryCodes = twoFactor.confirm(user.id(), code);
        if (recoveryCodes.isEmpty()) {
            return show(
                    user,
                    model,
                    Map.of(
                            "code",
                            "That code does not match the secret shown: two-factor authentication is still off. "
                                    + "Check that your app added this secret (scan the QR code again if in doubt) "
                                    + "and that your device's clock is right, then type the code it shows now."));
        }
        redirect.addFlashAttribute("newRecoveryCodes", recoveryCodes.get());
        Flash.notice(redirect, "Two-factor authentication is on: log-ins now ask for a code after the password.");
        return "redirect:" + PAGE;
    }

    /** New recovery codes in place of the old ones, after re-authentication. */
    @Requires(Permission.SIGNED_IN)
    @PostMapping(PAGE + "/recovery-codes")
    String newRecoveryCodes(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(defaultValue = "") String proof,
            HttpServletRequest request,
            Model model,
            RedirectAttributes redirect) {
        return afterReauthentication(user, proof, request, model, "regenerateProof", () -> {
            redirect.addFlashAttribute("newRecoveryCodes", twoFactor.replaceRecoveryCodes(user.id()));
            Flash.notice(redirect, "New recovery codes made: the old ones no longer work.");
        });
    }

    /** Switches two-factor authentication off, after re-authentication. */
    @Requires(Permission.SIGNED_IN)
    @PostMapping(PAGE + "/off")
    String switchOff(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(defaultValue = "") String proof,
            HttpServletRequest request,
            Model model,
            RedirectAttributes redirect) {
        return afterReauthentication(user, proof, request, model, "offProof", () -> {
            twoFactor.disable(user.id());
            Flash.notice(redirect, "Two-factor authentication is off: log-ins ask for the password only.");
        });
    }

    /**
     * Makes {@code change} if {@code proof} is the password or a current code, then back to the page; otherwise the
     * page again, saying under the form ({@code errorField}) why nothing was changed.
     */
    private String afterReauthentication(
            CurrentUser user,
            String proof,
            HttpServletRequest request,
            Model model,
            String errorField,
            Runnable change) {
        if (!twoFactor.isEnabled(user.id())) {
            return "redirect:" + PAGE;
        }
        TwoFactorService.Check check = twoFactor.reauthenticate(user.id(), proof, request.getRemoteAddr());
        if (!check.accepted()) {
            return show(user, model, Map.of(errorField, reauthenticationRefused(check)));
        }
        change.run();
        return "redirect:" + PAGE;
    }

    private String show(CurrentUser user, Model model, Map<String, String> errors) {
        TwoFactorService.Status status = twoFactor.status(user.id());
        model.addAttribute("status", status);
        if (!status.enabled()) {
            twoFactor.enrolment(user.id(), user.getUsername()).ifPresent(e -> model.addAttribute("enrolment", e));
        }
        model.addAttribute("errors", errors);
        return "account/two-factor";
    }

    private String reauthenticationRefused(TwoFactorService.Check check) {
        if (check.result() == TwoFactorService.Result.WRONG && check.lockout().isEmpty()) {
            return "That is neither your password nor a current code from your app: nothing was changed. "
                    + "Type your password, or the 6-digit code your app shows now.";
        }
        return refusal(check, clock) + " Nothing was changed.";
    }

    /** What a refused code is told, for the log-in's code page and this page alike. */
    static String refusal(TwoFactorService.Check check, Clock clock) {
        if (check.lockout().isPresent()) {
            return check.lockout().get().message(clock.instant());
        }
        if (check.result() == TwoFactorService.Result.REPLAYED) {
            return "That code was used already: wait for the next one in your app (codes change every 30 seconds).";
        }
        return "That code is not right: type the 6-digit code your authenticator app shows now, or an unused "
                + "recovery code.";
    }
}
