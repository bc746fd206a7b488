package io.cloudroutes.crweb.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The security headers of every answer crweb gives: pages, the REST API, webhooks and pings, static files, error
 * pages, the docs and Swagger UI. A {@code Customizer<HeadersConfigurer>} bean is applied by Spring Security to every
 * filter chain, so a chain added later gets them too.
 *
 * <ul>
 *   <li>Content-Security-Policy: scripts, styles and everything else only from crweb itself, no inline script (the
 *       pages' scripts are files under /js), no plugins, no framing, forms only to crweb;</li>
 *   <li>X-Frame-Options DENY (for browsers without frame-ancestors) and X-Content-Type-Options nosniff;</li>
 *   <li>Referrer-Policy same-origin: no URL of crweb (some carry a push secret) is sent to another site;</li>
 *   <li>Strict-Transport-Security for a year on answers over HTTPS, also behind a proxy that says so with
 *       X-Forwarded-Proto when {@code server.forward-headers-strategy=native}; never over plain HTTP, where a
 *       browser ignores it anyway.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityHeadersConfiguration {

    /** Swagger UI draws some images as data: URIs from its style sheet; nothing else needs more than 'self'. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    static final long HSTS_MAX_AGE_SECONDS = 365L * 24 * 3600;

    @Bean
    Customizer<HeadersConfigurer<HttpSecurity>> securityHeaders() {
        return headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                .contentTypeOptions(Customizer.withDefaults())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                .httpStrictTransportSecurity(
                        hsts -> hsts.maxAgeInSeconds(HSTS_MAX_AGE_SECONDS).includeSubDomains(true));
    }
}
