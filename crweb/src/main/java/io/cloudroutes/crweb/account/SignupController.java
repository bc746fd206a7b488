package io.cloudroutes.crweb.account;

import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import jakarta.validation.Valid;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** Sign-up and the login page (Spring Security handles the login POST and logout). */
@Controller
class SignupController {

    private final UserAccountRepository users;
    private final PasswordEncoder passwords;

    SignupController(UserAccountRepository users, PasswordEncoder passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/signup")
    String signupForm(Model model) {
        model.addAttribute("form", new SignupForm("", ""));
        return "signup";
    }

    @PostMapping("/signup")
    String signup(@Valid @ModelAttribute("form") SignupForm form, BindingResult errors) {
        if (!errors.hasFieldErrors("email") && users.existsByEmail(form.email().trim())) {
            errors.rejectValue("email", "duplicate", "an account with this email already exists; log in instead");
        }
        if (errors.hasErrors()) {
            return "signup";
        }
        try {
            users.save(new UserAccount(form.email().trim(), passwords.encode(form.password())));
        } catch (DataIntegrityViolationException e) {
            // two sign-ups with the same email at the same moment: the unique index decides
            errors.rejectValue("email", "duplicate", "an account with this email already exists; log in instead");
            return "signup";
        }
        return "redirect:/login?registered";
    }
}
