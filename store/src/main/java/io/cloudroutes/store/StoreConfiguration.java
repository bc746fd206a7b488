package io.cloudroutes.store;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** Import this into a Spring Boot application to get the CloudRoutes entities and repositories. */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = StoreConfiguration.class)
@EnableJpaRepositories(basePackageClasses = StoreConfiguration.class)
public class StoreConfiguration {
}
