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
 * The link that confirms an email address, and the form that asks for a new one.
 *
 * <p>Following the link confirms the address and sends the person to the log-in page, which says so; it does not log
 * them in. A mailed link is then never a way into the account: it may be opened by a mail scanner or in another
 * browser, and whoever opens it still needs the password (and any later check a log-in adds).
 */
@Controller
class EmailConfirmationController {

    private final EmailConfirmations confirmations;
    private final AccountMail mail;

    EmailConfirmationController(EmailConfirmations confirmations, AccountMail mail) {
        this.confirmations = confirmations;
        this.mail = mail;
    }

    @ModelAttribute("mailUnavailable")
    boolean mailUnavailable() {
        return !mail.configured();
    }

    @Requires(Permission.PUBLIC)
    @GetMapping("/email-confirmation")
    String confirm(@RequestParam(name = "token", required = false) String token, HttpServletResponse response) {
        if (confirmations.confirm(token)) {
            return "redirect:/login?confirmed";
        }
        response.setStatus(HttpStatus.GONE.value());
        return "account/link-invalid";
    }

    @Requires(Permission.PUBLIC)
    @GetMapping("/email-confirmation/resend")
    String resendForm(Model model) {
        model.addAttribute("form", new EmailForm(""));
        return "account/resend-confirmation";
    }

    @Requires(Permission.PUBLIC)
    @PostMapping("/email-confirmation/resend")
    String resend(@Valid @ModelAttribute("form") EmailForm form, BindingResult errors, HttpServletRequest request) {
        if (errors.hasErrors()) {
            return "account/resend-confirmation";
        }
        // the same answer whether the address has an account waiting for confirmation or not
        confirmations.resend(form.email(), request.getRemoteAddr());
        return "redirect:/email-confirmation/resend?sent";
    }
}
