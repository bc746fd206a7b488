package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.api.ApiError;
import io.cloudroutes.crweb.limit.BodyLimitFilter;
import io.cloudroutes.crweb.limit.RequestLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API authenticates programs by API key ({@code Authorization: Bearer crk_…}), never by session cookie, so
 * a browser session cannot be ridden into it and it needs no CSRF token. Every failure is a JSON {@link ApiError}.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    static final String OPENAPI_PATH = "/api/v1/openapi.json";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    /** POSTs that only read: a configuration plan is a dry run that carries its document in the body. */
    static final Set<String> READING_POSTS = Set.of("/api/v1/config/plan");

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ApiKeyService keys,
            LoginThrottle throttle,
            Clock clock,
            JsonMapper json,
            RequestLimits limits)
            throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests
                        // the document, and the settings Swagger UI reads next to it (/swagger-ui.html)
                        .requestMatchers(OPENAPI_PATH, OPENAPI_PATH + "/swagger-config")
                        .permitAll()
                        // every write, whatever the endpoint (one added later too), needs a read-write key
                        .requestMatchers(ApiSecurityConfiguration::isWrite)
                        .hasAuthority(CurrentUser.API_WRITE)
                        .anyRequest()
                        .authenticated())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // never read a browser session here: only the bearer key authenticates
                .securityContext(context -> context.securityContextRepository(new NullSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerKeyFilter(keys, throttle, clock, json), BasicAuthenticationFilter.class)
                // after the key was checked: a call without a valid key is a 401 whatever its body
                .addFilterAfter(new BodyLimitFilter(limits.requestBody().toBytes(), json), AuthorizationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> write(
                                json,
                                response,
                                HttpStatus.UNAUTHORIZED,
                                ApiError.of(
                                        "unauthorized",
                                        "send an API key as "
                                                + "'Authorization: Bearer <key>'; create one on the API keys page")))
                        .accessDeniedHandler((request, response, e) -> write(
                                json,
                                response,
                                HttpStatus.FORBIDDEN,
                                isWrite(request)
                                        ? ApiError.of(
                                                "read_only_key",
                                                "this API key is read-only: it may "
                                                        + "read (GET) but not change anything (" + request.getMethod()
                                                        + " "
                                                        + request.getRequestURI() + "); use a read-write key")
                                        : ApiError.of("forbidden", "this key may not do that"))));
        return http.build();
    }

    /** Whether the request may change something: every method but GET, HEAD and OPTIONS, and the reading POSTs. */
    static boolean isWrite(HttpServletRequest request) {
        return !READS.contains(request.getMethod())
                && !("POST".equals(request.getMethod()) && READING_POSTS.contains(request.getRequestURI()));
    }

    static void write(JsonMapper json, HttpServletResponse response, HttpStatus status, ApiError error)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cloudroutes\"");
        }
        json.writeValue(response.getOutputStream(), error);
    }

    /**
     * Authenticates a request that carries a bearer API key; a key that is wrong or revoked is refused at once, and
     * counted against the client's address: past the limit, that address gets 429 for a while without its keys being
     * looked at.
     */
    static final class BearerKeyFilter extends OncePerRequestFilter {

        private final ApiKeyService keys;
        private final LoginThrottle throttle;
        private final Clock clock;
        private final JsonMapper json;

        BearerKeyFilter(ApiKeyService keys, LoginThrottle throttle, Clock clock, JsonMapper json) {
            this.keys = keys;
            this.throttle = throttle;
            this.clock = clock;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                chain.doFilter(request, response);
                return;
            }
            Optional<LoginThrottle.Lockout> lockout = throttle.keyLockout(request.getRemoteAddr());
            if (lockout.isPresent()) {
                Instant now = clock.instant();
                response.setHeader(
                        HttpHeaders.RETRY_AFTER, String.valueOf(lockout.get().secondsLeft(now)));
                write(
                        json,
                        response,
                        HttpStatus.TOO_MANY_REQUESTS,
                        ApiError.of("too_many_failures", lockout.get().message(now)));
                return;
            }
            CurrentUser user;
            switch (keys.authenticate(header.substring(7).trim())) {
                case ApiKeyService.KeyCheck.Accepted accepted -> user = accepted.user();
                case ApiKeyService.KeyCheck.Expired expired -> {
                    throttle.keyFailed(request.getRemoteAddr());
                    write(
                            json,
                            response,
                            HttpStatus.UNAUTHORIZED,
                            ApiError.of(
                                    "key_expired",
                                    "this API key expired " + "at " + LoginThrottle.TIME.format(expired.at())
                                            + "; create a new one on the API keys page"));
                    return;
                }
                case ApiKeyService.KeyCheck.Refused refused -> {
                    throttle.keyFailed(request.getRemoteAddr());
                    write(
                            json,
                            response,
                            HttpStatus.UNAUTHORIZED,
                            ApiError.of(
                                    "unauthorized",
                                    "this API key is not valid or was revoked; create a new one on the API keys page"));
                    return;
                }
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
