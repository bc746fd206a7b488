package io.cloudroutes.store;

import io.cloudroutes.store.reaction.HeldRuns;
import io.cloudroutes.store.reaction.V8__Mustache_email_subjects;
import java.util.Map;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;

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

    /**
     * How every process writes rows: inserts of many rows in one transaction (a bulk create of monitors) go to
     * PostgreSQL in JDBC batches. Sequence ids are handed out {@code pooled-lo}: each nextval is the first id of a
     * block of its own, so processes (and rows inserted without Hibernate) never share an id, even on a new database
     * where the default {@code pooled} optimizer's first block would overlap another process's.
     */
    @Bean
    HibernatePropertiesCustomizer batchedInserts() {
        return properties -> properties.putAll(Map.of(
                "hibernate.jdbc.batch_size", "50",
                "hibernate.order_inserts", "true",
                "hibernate.id.optimizer.pooled.preferred", "pooled-lo"));
    }

    /** The runs safeguards hold, and their release: one conditional update for people and watchers alike. */
    @Bean
    HeldRuns heldRuns(JdbcTemplate jdbc) {
        return new HeldRuns(jdbc);
    }
}
