package io.cloudroutes.store.account;

/** What a one-time account token is for; a token works for its own purpose only. */
public enum AccountTokenPurpose {
    /** Proves that the person who signed up reads the account's inbox. */
    EMAIL_CONFIRMATION,
    /** Lets the person who reads the account's inbox choose a new password. */
    PASSWORD_RESET
}
