package io.cloudroutes.crweb.account;

import org.springframework.validation.Errors;

/**
 * The rule on a new password that its form's annotations cannot say: at most {@value
 * BoundedBCryptPasswordEncoder#MAX_BYTES} bytes, the most BCrypt reads. Every form that sets a password applies it.
 */
final class PasswordRules {

    /** The fewest characters of a new password (its forms' {@code @Size}). */
    static final int MIN_LENGTH = 10;

    private PasswordRules() {}

    /** Rejects {@code field} when the password is too long for BCrypt, unless it has an error already. */
    static void rejectIfTooLong(Errors errors, String field, String password) {
        if (!errors.hasFieldErrors(field) && password != null && BoundedBCryptPasswordEncoder.tooLong(password)) {
            errors.rejectValue(field, "tooLong", BoundedBCryptPasswordEncoder.tooLongMessage(password));
        }
    }
}
