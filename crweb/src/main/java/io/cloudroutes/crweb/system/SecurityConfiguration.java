package io.cloudroutes.crweb.system;

import io.cloudroutes.core.ops.OpsAccess;
import io.cloudroutes.crweb.account.SecondFactorLogin;
import io.cloudroutes.crweb.account.ThrottledLogin;
import io.cloudroutes.crweb.limit.BodyLimitFilter;
import io.cloudroutes.crweb.limit.RequestLimits;
import io.cloudroutes.crweb.session.SessionLifetime;
import io.cloudroutes.crweb.sso.SingleSignOn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import tools.jackson.databind.json.JsonMapper;

/** Form login for people, CSRF on every form, everything but sign-up, login and probes behind a login. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * No observation (timer, trace span) of each security filter a request passes through: on a webhook they cost more
     * CPU than the endpoint's own work. Requests stay timed as a whole ({@code http_server_requests}); logins and access
     * decisions are still observed.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.withDefaults()
                .shouldObserveRequests(false)
                .build();
    }

    /**
     * Pushed results (webhooks, heartbeat pings) come from programs that hold a per-monitor secret instead of a
     * session: no login, no CSRF token, no session. Each endpoint checks the secret itself, before it reads the body
     * (up to the pushed body limit) where the secret is in a header or the path.
     */
    @Bean
    @Order(1)
    SecurityFilterChain pushSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/v1/webhooks/**", "/ping/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    /**
     * The actuator: health probes are open and tell only the status; metrics and everything else need the ops token,
     * presented as {@code Authorization: Bearer <CLOUDROUTES_OPS_TOKEN>} (no token configured: refused to all).
     */
    @Bean
    @Order(3)
    SecurityFilterChain opsSecurity(HttpSecurity http, OpsProperties ops) throws Exception {
        OpsAccess access = ops.access();
        AuthorizationManager<RequestAuthorizationContext> presentsToken =
                (authentication, context) -> new AuthorizationDecision(
                        access.presentsToken(context.getRequest().getHeader(HttpHeaders.AUTHORIZATION)));
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .anyRequest()
                        .access(presentsToken))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, denied) -> {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                    response.sendError(HttpStatus.UNAUTHORIZED.value());
                }))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain webSecurity(
            HttpSecurity http,
            RequestLimits limits,
            JsonMapper json,
            ThrottledLogin login,
            SessionLifetime sessions,
            SingleSignOn sso,
            SecondFactorLogin secondFactor)
            throws Exception {
        // After login, back to the page that was asked for under its own URL: without this, Spring Security marks the
        // redirect with a "?continue" parameter (so it can skip the session lookup on other requests), which then
        // stays in the address bar and in bookmarks.
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        requestCache.setMatchingRequestParameterName(null);
        // The body limit goes before the CSRF filter, which is the first to read a form.
        http.addFilterBefore(new BodyLimitFilter(limits.requestBody().toBytes(), json), CsrfFilter.class)
                .requestCache(cache -> cache.requestCache(requestCache))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/signup",
                                "/login",
                                "/login/sso-refused",
                                "/css/**",
                                "/js/**",
                                "/error",
                                "/favicon.ico")
                        .permitAll()
                        // confirming an email address and resetting a password, by the links mailed for them
                        .requestMatchers(
                                "/email-confirmation",
                                "/email-confirmation/**",
                                "/password-reset",
                                "/password-reset/**")
                        .permitAll()
                        // an invitation's page says what it offers and how to accept it; accepting needs a log-in
                        .requestMatchers(HttpMethod.GET, "/invitations/*")
                        .permitAll()
                        // the second step of a log-in: it checks the session's pending log-in itself
                        .requestMatchers("/login/code")
                        .permitAll()
                        // the documentation and the API reference describe the product, like the public API document
                        .requestMatchers("/docs", "/docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        // how to report a vulnerability (RFC 9116), for anyone
                        .requestMatchers("/.well-known/security.txt")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                // the log-in form authenticates through the throttle alone; an account with a second factor then
                // goes to the code page, not signed in yet
                .authenticationManager(secondFactor.authenticationManager(login.authenticationManager()))
                .formLogin(form -> form.loginPage("/login")
                        .defaultSuccessUrl("/", false)
                        .failureHandler(secondFactor.failureHandler(login.failureHandler()))
                        .permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // a session past its idle or absolute limit ends before it is read; a browser whose session ended is
                // told so on the log-in page
                .addFilterBefore(sessions.expiryFilter(), SecurityContextHolderFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(sessions.loginEntryPoint()));
        // log-in through OpenID Connect providers, where any are configured
        sso.addTo(http);
        return http.build();
    }
}
