package io.cloudroutes.crweb.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An email address asking for a link (a password reset, a new confirmation link). */
record EmailForm(
        @NotBlank(message = "enter your email address")
        @Email(message = "enter a valid email address, e.g. ops@example.com")
        @Size(max = SignupForm.MAX_EMAIL_LENGTH, message = "an email address has at most 254 characters")
        String email) {}
