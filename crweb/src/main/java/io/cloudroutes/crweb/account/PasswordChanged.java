package io.cloudroutes.crweb.account;

/**
 * An account's password was changed (by its person, or through a reset link): published through Spring's
 * {@code ApplicationEventPublisher}; every log-in session of the account ends, except the one the change was made in
 * when its person made it there.
 *
 * @param userId the account whose password changed
 */
public record PasswordChanged(long userId) {}
