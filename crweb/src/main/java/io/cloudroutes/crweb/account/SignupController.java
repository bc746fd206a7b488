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
 */
@Controller
class SignupController {

    private final SignupService signups;

    SignupController(SignupService signups) {
        this.signups = signups;
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
        if (!errors.hasFieldErrors("password") && BoundedBCryptPasswordEncoder.tooLong(form.password())) {
            errors.rejectValue("password", "tooLong", BoundedBCryptPasswordEncoder.tooLongMessage(form.password()));
        }
        if (errors.hasErrors()) {
            return "signup";
        }
        // the same answer whether the email was free or not
        signups.signUp(form.email(), form.password());
        return "redirect:/login?signedUp";
    }
}
