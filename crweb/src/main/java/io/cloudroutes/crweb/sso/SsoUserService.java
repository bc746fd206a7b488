package io.cloudroutes.crweb.sso;

import io.cloudroutes.store.account.UserAccount;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** Spring Security's OpenID Connect user, turned into the CloudRoutes account it logs in as ({@link SsoUser}). */
final class SsoUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService provider = new OidcUserService();
    private final SsoProperties properties;
    private final SsoAccounts accounts;

    SsoUserService(SsoProperties properties, SsoAccounts accounts) {
        this.properties = properties;
        this.accounts = accounts;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser fromProvider = provider.loadUser(request);
        SsoProperties.Provider configured = properties
                .provider(request.getClientRegistration().getRegistrationId())
                .orElseThrow(() -> new SsoRefusedException(SsoRefusal.FAILED));
        UserAccount account = accounts.accountFor(configured, fromProvider.getIdToken());
        return new SsoUser(account.getId(), account.getEmail(), fromProvider);
    }
}
