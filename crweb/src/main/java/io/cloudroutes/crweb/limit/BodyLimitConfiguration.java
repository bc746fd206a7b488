package io.cloudroutes.crweb.limit;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Puts the {@link BodyCapFilter} in front of every other filter of crweb. */
@Configuration(proxyBeanMethods = false)
class BodyLimitConfiguration {

    @Bean
    FilterRegistrationBean<BodyCapFilter> bodyCapFilter(RequestLimits limits, JsonMapper json) {
        FilterRegistrationBean<BodyCapFilter> registration =
                new FilterRegistrationBean<>(new BodyCapFilter(limits.capBytes(), json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }
}
