package io.cloudroutes.crbridge;

import io.cloudroutes.store.StoreConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The bridge (keeps Redis in step with PostgreSQL) and the actioner (folds check results into state, records
 * transitions, runs reactions), in one Spring Boot process.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(StoreConfiguration.class)
public class CrbridgeApplication {

    /** The application, configured from {@code crbridge.properties} so it can share a JVM with crweb. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CrbridgeApplication.class)
                .main(CrbridgeApplication.class)
                .properties("spring.config.name=crbridge");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
