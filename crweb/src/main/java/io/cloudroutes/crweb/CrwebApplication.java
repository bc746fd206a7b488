package io.cloudroutes.crweb;

import io.cloudroutes.store.StoreConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The web UI where people sign up and configure monitors and reactions, and see what CloudRoutes saw and did. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(StoreConfiguration.class)
public class CrwebApplication {

    /** The application, configured from {@code crweb.properties} so it can share a JVM with crbridge. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CrwebApplication.class)
                .main(CrwebApplication.class)
                .properties("spring.config.name=crweb");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
