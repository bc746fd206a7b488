package io.cloudroutes.crweb.sso;

import io.cloudroutes.crweb.account.CurrentUser;
import java.util.Map;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A person logged in through single sign-on: the same {@link CurrentUser} (account id, account email) every page
 * reads, and the provider's ID token for Spring Security's OpenID Connect support.
 */
final class SsoUser extends CurrentUser implements OidcUser {

    private final OidcIdToken idToken;
    private final OidcUserInfo userInfo;

    SsoUser(long accountId, String accountEmail, OidcUser fromProvider) {
        super(accountId, accountEmail);
        this.idToken = fromProvider.getIdToken();
        this.userInfo = fromProvider.getUserInfo();
    }

    @Override
    public Map<String, Object> getClaims() {
        return userInfo == null ? idToken.getClaims() : userInfo.getClaims();
    }

    @Override
    public OidcUserInfo getUserInfo() {
        return userInfo;
    }

    @Override
    public OidcIdToken getIdToken() {
        return idToken;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return idToken.getClaims();
    }

    /** The account's email, as for a person logged in with a password. */
    @Override
    public String getName() {
        return getUsername();
    }
}
