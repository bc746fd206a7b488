package io.cloudroutes.crweb;

import java.util.LinkedHashMap;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Points a crweb context at the servers of {@link TestInfrastructure#shared()}: its datasource, Flyway login, Redis
 * URL, secret key and egress setting, below a test's own inlined properties and above crweb's configuration files.
 * The same class for every context, so it keeps their configurations alike for Spring's context cache.
 */
public final class SharedServers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        MapPropertySource servers = new MapPropertySource(
                "crweb-shared-test-servers",
                new LinkedHashMap<>(TestInfrastructure.shared().properties()));
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, servers);
        } else {
            sources.addFirst(servers);
        }
    }
}
