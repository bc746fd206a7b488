package io.cloudroutes.crweb;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test class on the shared crweb context: crweb with MockMvc, its public URL set as a deployment sets it, against
 * the PostgreSQL and Redis that {@link TestInfrastructure#shared()} starts once per test JVM. Every class so annotated
 * has the same context configuration, so Spring's context cache starts crweb once for all of them; a class that adds
 * to it (an {@code @Import}, a {@code @TestPropertySource}) gets a context of its own on the same servers, shared in
 * turn with the classes that add the same.
 *
 * <p>The database and Redis are shared with every other class: a test makes its own people (unique emails), counts
 * only its own rows or the change it made, and puts back any Redis key that is not its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(
        classes = CrwebApplication.class,
        properties = {
            "spring.config.name=crweb",
            "cloudroutes.public-url=" + CrwebIntegrationTest.PUBLIC_URL + "/",
            // status page domains: no background look-ups, and a look-up asks loopback only (nothing answers there)
            "cloudroutes.status-pages.recheck-round=0s",
            "cloudroutes.status-pages.dns-resolvers=127.0.0.1:9"
        })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = SharedServers.class)
public @interface CrwebIntegrationTest {

    /** The public URL of the shared crweb (set with a trailing slash, which crweb drops). */
    String PUBLIC_URL = "https://cloudroutes.example.com";
}
