package io.cloudroutes.crweb.sso;

import java.util.Arrays;

/** Why a single sign-on log-in was refused, as the refusal page says it. */
enum SsoRefusal {
    NO_EMAIL(
            "no-email",
            "The provider did not tell CloudRoutes a usable email address (one of at most 254 characters). Ask your"
                    + " administrator to release the email claim to CloudRoutes."),
    EMAIL_NOT_VERIFIED(
            "email-not-verified",
            "The provider says your email address is not verified. Verify it with the provider, then log in again."),
    DOMAIN_NOT_ALLOWED(
            "domain-not-allowed",
            "Accounts with your email domain may not log in through this provider. Log in with an address of your"
                    + " organisation, or ask your administrator to allow your domain."),
    NO_ACCOUNT(
            "no-account",
            "There is no CloudRoutes account for your email address, and this provider does not create accounts."
                    + " Sign up first, or ask your administrator to create your account."),
    PROVIDER_UNREACHABLE(
            "provider-unreachable",
            "CloudRoutes could not reach the provider to start the log-in. Try again in a few minutes; if it goes on,"
                    + " tell your administrator."),
    FAILED(
            "failed",
            "The log-in with the provider did not complete (it may have taken too long, or the provider refused it)."
                    + " Try again.");

    final String code;
    final String sentence;

    SsoRefusal(String code, String sentence) {
        this.code = code;
        this.sentence = sentence;
    }

    /** The refusal with this code in the refusal page's address; an unknown one reads as {@link #FAILED}. */
    static SsoRefusal fromCode(String code) {
        return Arrays.stream(values())
                .filter(refusal -> refusal.code.equals(code))
                .findFirst()
                .orElse(FAILED);
    }
}
