package io.cloudroutes.crweb.system;

import jakarta.servlet.DispatcherType;
import javax.sql.DataSource;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** crweb during a PostgreSQL outage: a 503 for what needs the database, a health check that does not wait for it. */
@Configuration(proxyBeanMethods = false)
class DatabaseOutageConfiguration {

    /** Right after the body cap, around everything else, including Spring Security's filters (the log-in reads rows). */
    @Bean
    FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(DatabaseOutage outage, JsonMapper json) {
        FilterRegistrationBean<DatabaseOutageFilter> registration =
                new FilterRegistrationBean<>(new DatabaseOutageFilter(outage, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /** Named as Boot's own database check, which it replaces: Boot's waits as long as the pool does. */
    @Bean(destroyMethod = "close")
    BoundedDatabaseHealth dbHealthIndicator(DataSource dataSource, DatabaseOutage outage) {
        return new BoundedDatabaseHealth(dataSource, outage, BoundedDatabaseHealth.DEFAULT_WAIT);
    }
}
