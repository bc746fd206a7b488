package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.team.Permission;
import io.cloudroutes.crweb.team.Requires;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Sign-up and the login page (Spring Security handles the login POST and logout).
 *
 * <p>Sign-up does not tell whether an email is registered: a new email and a registered one (in any case) get the
 * same answer, a redirect to the login page that says honestly what happened in either case, and cost the same work
 * (the password is hashed and one insert statement runs either way). Someone who already has an account learns from
 * that page to log in with its password; the account and its password are left as they were.
 *
 * <p>While email confirmation is required ({@link AccountProperties}), a new account logs in once it followed the link
 * mailed to it, and a registered address is mailed a note instead (see {@link SignupService}); the page says that.
 */
@Controller
class SignupController {

    private final SignupService signups;
    private final AccountProperties accounts;
    private final AccountMail mail;

    SignupController(SignupService signups, AccountProperties accounts, AccountMail mail) {
        this.signups = signups;
        this.accounts = accounts;
        this.mail = mail;
    }

    /** Whether a new account must confirm its address before it logs in (the log-in page's answer to a sign-up says so). */
    @ModelAttribute("confirmationRequired")
    boolean confirmationRequired() {
        return accounts.requireEmailConfirmation();
    }

    /** How long a confirmation link works, e.g. "48 hours". */
    @ModelAttribute("confirmationLinkLifetime")
    String confirmationLinkLifetime() {
        return AccountMail.describe(accounts.confirmationLinkLifetime());
    }

    /** Whether confirmation is required but cannot be mailed: the sign-up page says so instead of trapping people. */
    @ModelAttribute("confirmationImpossible")
    boolean confirmationImpossible() {
        return mail.confirmationImpossible();
    }

    @Requires(Permission.PUBLIC)
    @GetMapping("/login")
    String login() {
        return "login";
    }

    @Requires(Permission.PUBLIC)
    @GetMapping("/signup")
    String signupForm(Model model) {
        model.addAttribute("form", new SignupForm("", ""));
        return "signup";
    }

    @Requires(Permission.PUBLIC)
    @PostMapping("/signup")
    String signup(@Valid @ModelAttribute("form") SignupForm form, BindingResult errors) {
        PasswordRules.rejectIfTooLong(errors, "password", form.password());
        if (errors.hasErrors()) {
            return "signup";
        }
        // the same answer whether the email was free or not
        signups.signUp(form.email(), form.password());
        return "redirect:/login?signedUp";
    }
}
