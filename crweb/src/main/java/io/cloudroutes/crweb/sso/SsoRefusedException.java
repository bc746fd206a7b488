package io.cloudroutes.crweb.sso;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** A single sign-on log-in the provider vouched for, refused by CloudRoutes' own rules. */
final class SsoRefusedException extends OAuth2AuthenticationException {

    private final SsoRefusal refusal;

    SsoRefusedException(SsoRefusal refusal) {
        super(new OAuth2Error("cloudroutes_" + refusal.code.replace('-', '_')), refusal.sentence);
        this.refusal = refusal;
    }

    SsoRefusal refusal() {
        return refusal;
    }
}
