package io.cloudroutes.crweb.statuspage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The public status pages pass Spring Security without a log-in, a session or a CSRF token (they are read-only
 * GETs); their custom domains are recognised before it ({@link CustomDomainFilter}).
 */
@Configuration(proxyBeanMethods = false)
class StatusPageWebConfiguration {

    /** Before Spring Security's filters (order -100), after the request context is set up (-105). */
    static final int CUSTOM_DOMAIN_FILTER_ORDER = -104;

    @Bean
    @Order(0)
    SecurityFilterChain statusPageSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/status/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    /**
     * The filter reads the domains through a provider: the web server makes its filters before the application's
     * other beans, and the domains' own dependencies (the public URL, crweb's settings) are then made at the first
     * request instead of that early, before every property source is in place.
     */
    @Bean
    FilterRegistrationBean<CustomDomainFilter> customDomainFilter(ObjectProvider<CustomDomains> domains) {
        FilterRegistrationBean<CustomDomainFilter> registration =
                new FilterRegistrationBean<>(new CustomDomainFilter(domains));
        registration.setOrder(CUSTOM_DOMAIN_FILTER_ORDER);
        return registration;
    }
}
