package io.cloudroutes.crweb.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the sign-up form sends. */
public record SignupForm(
        @NotBlank(message = "enter your email address")
        @Email(message = "enter a valid email address, e.g. ops@example.com")
        @Size(max = 254, message = "an email address has at most 254 characters")
        String email,
        @NotBlank(message = "choose a password")
        @Size(min = 10, max = 200, message = "use at least 10 characters (and at most 200)")
        String password) {
}
