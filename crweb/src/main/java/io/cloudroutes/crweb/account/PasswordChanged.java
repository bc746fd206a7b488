package io.cloudroutes.crweb.account;

/**
 * The password of account {@code userId} was changed (by a reset link): published through Spring's
 * {@code ApplicationEventPublisher}, for whatever must follow a new password, such as ending the account's other
 * sessions.
 */
public record PasswordChanged(long userId) {}
