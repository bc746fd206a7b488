package io.cloudroutes.store;

import io.cloudroutes.store.reaction.V8__Mustache_email_subjects;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** Import this into a Spring Boot application to get the CloudRoutes entities, repositories and migrations. */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = StoreConfiguration.class)
@EnableJpaRepositories(basePackageClasses = StoreConfiguration.class)
public class StoreConfiguration {

    /** The migrations written in Java; Spring Boot hands them to Flyway beside the SQL ones in db/migration. */
    @Bean
    JavaMigration mustacheEmailSubjects() {
        return new V8__Mustache_email_subjects();
    }
}
