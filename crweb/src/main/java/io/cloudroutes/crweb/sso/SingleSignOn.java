package io.cloudroutes.crweb.sso;

import io.cloudroutes.crweb.system.PublicUrl;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * Log-in through the configured OpenID Connect providers, added to crweb's web security by {@link #addTo}; with no
 * provider configured it adds nothing, so no single sign-on endpoint answers. State, nonce and PKCE are Spring
 * Security's; the session id changes at log-in as with the form. The log-in form's throttle does not apply: the
 * provider checks the person, and a failed single sign-on is logged by provider and reason, never with a token.
 */
@Component
public class SingleSignOn {

    /** Where a refused single sign-on log-in is explained. */
    static final String REFUSED_PATH = "/login/sso-refused";

    private static final Logger log = LoggerFactory.getLogger(SingleSignOn.class);
    private static final String AUTHORIZATION_PATH = "/oauth2/authorization";

    private final SsoProperties properties;
    private final SsoClientRegistrations registrations;
    private final SsoUserService users;

    SingleSignOn(SsoProperties properties, PublicUrl publicUrl, SsoAccounts accounts) {
        this.properties = properties;
        this.registrations = new SsoClientRegistrations(properties, publicUrl);
        this.users = new SsoUserService(properties, accounts);
    }

    /** A "Log in with …" button of the log-in page. */
    public record Button(String name, String path) {}

    /** The log-in page's buttons, one per configured provider; none without providers. */
    public List<Button> buttons() {
        return properties.providers().stream()
                .map(provider -> new Button(provider.displayName(), AUTHORIZATION_PATH + "/" + provider.id()))
                .toList();
    }

    /** Adds log-in through the configured providers to {@code http}; nothing when none is configured. */
    public void addTo(HttpSecurity http) throws Exception {
        if (properties.providers().isEmpty()) {
            return;
        }
        DefaultOAuth2AuthorizationRequestResolver authorizationRequests =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, AUTHORIZATION_PATH);
        // PKCE for confidential clients too (Spring Security adds it only for public ones)
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        // The log-in form's manager knows only the throttled password check: the callback gets one of its own that
        // knows only the authorization code flow with an ID token.
        ProviderManager codeFlow = new ProviderManager(new OidcAuthorizationCodeAuthenticationProvider(
                new RestClientAuthorizationCodeTokenResponseClient(), users));
        http.oauth2Login(login -> login.loginPage("/login")
                .clientRegistrationRepository(registrations)
                // the provider's tokens are not used after log-in: kept in the session, they go with it
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(authorizationRequests))
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(users))
                .defaultSuccessUrl("/", false)
                .failureHandler(failureHandler())
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                    @Override
                    public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationManager(codeFlow);
                        return filter;
                    }
                })
                // the start of a log-in fails only when the provider's settings cannot be read: say so, not a 500
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler((request, response, exception) ->
                                refuse(request, response, SsoRefusal.PROVIDER_UNREACHABLE, exception));
                        return filter;
                    }
                }));
    }

    private AuthenticationFailureHandler failureHandler() {
        return (request, response, exception) -> refuse(
                request,
                response,
                exception instanceof SsoRefusedException refused ? refused.refusal() : SsoRefusal.FAILED,
                exception);
    }

    private void refuse(
            HttpServletRequest request, HttpServletResponse response, SsoRefusal refusal, Exception exception)
            throws IOException {
        String provider = providerOf(request);
        // the error code only: a description may quote claims, and tokens are never logged
        String code = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError().getErrorCode()
                : exception.getClass().getSimpleName();
        log.warn(
                "single sign-on log-in through {} failed: {} ({})",
                provider == null ? "an unknown provider" : provider,
                refusal.code,
                code);
        String location = request.getContextPath() + REFUSED_PATH + "?reason=" + refusal.code
                + (provider == null ? "" : "&provider=" + URLEncoder.encode(provider, StandardCharsets.UTF_8));
        response.sendRedirect(response.encodeRedirectURL(location));
    }

    /** The configured provider the callback is for, or null. */
    private String providerOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String id = path.substring(path.lastIndexOf('/') + 1);
        return properties.provider(id).map(SsoProperties.Provider::id).orElse(null);
    }
}
