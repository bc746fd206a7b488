package io.cloudroutes.crweb.account;

import org.springframework.security.authentication.AccountStatusException;

/** A log-in with the right password to an account whose email address is not confirmed yet. */
final class EmailNotConfirmedException extends AccountStatusException {

    EmailNotConfirmedException() {
        super("the email address of this account is not confirmed yet");
    }
}
