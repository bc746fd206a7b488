package io.cloudroutes.crweb.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the sign-up form sends; the password's upper limit is in bytes, checked by the controller. */
public record SignupForm(
        @NotBlank(message = "enter your email address")
        @Email(message = "enter a valid email address, e.g. ops@example.com")
        @Size(max = SignupForm.MAX_EMAIL_LENGTH, message = "an email address has at most 254 characters")
        String email,

        @NotBlank(message = "choose a password") @Size(min = 10, message = "use at least 10 characters")
        String password) {

    /** The longest email address there can be (RFC 5321), also the column's width. */
    static final int MAX_EMAIL_LENGTH = 254;
}
