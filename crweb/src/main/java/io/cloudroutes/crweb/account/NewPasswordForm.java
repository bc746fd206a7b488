package io.cloudroutes.crweb.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the form of a reset link sends: the link's token and the new password (its byte limit: {@link PasswordRules}). */
record NewPasswordForm(
        String token,

        @NotBlank(message = "choose a password")
        @Size(min = PasswordRules.MIN_LENGTH, message = "use at least 10 characters")
        String password) {}
