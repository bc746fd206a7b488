package io.cloudroutes.crweb.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the password change form sends; the new password follows sign-up's rules ({@link SignupForm}). */
record PasswordChangeForm(
        @NotBlank(message = "enter your current password") String currentPassword,

        @NotBlank(message = "choose a new password") @Size(min = 10, message = "use at least 10 characters")
        String newPassword,

        @NotBlank(message = "type the new password again") String repeatedPassword) {

    static PasswordChangeForm empty() {
        return new PasswordChangeForm("", "", "");
    }
}
