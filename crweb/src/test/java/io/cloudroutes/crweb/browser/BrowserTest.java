package io.cloudroutes.crweb.browser;

import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.TestMailbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test of crweb through a real headless Chromium ({@link Browser}): crweb on a random loopback port, with a mailbox
 * ({@link TestMailbox}) and a PostgreSQL and Redis of its own, started for the test class and stopped after it.
 *
 * <p>Each class gets its own servers, so what one class signs up, counts or rate-limits never meets another's; the
 * servers stop only after crweb has (its pools closing against servers already gone would take tens of seconds).
 */
@SpringBootTest(
        classes = CrwebApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=crweb")
@Import(TestMailbox.InPlace.class)
@ContextConfiguration(initializers = BrowserTest.ServersOfItsOwn.class)
@DirtiesContext
public abstract class BrowserTest {

    /** The password of the people the tests sign up. */
    protected static final String PASSWORD = "long enough pw";

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestMailbox mailbox;

    /** Where crweb answers, e.g. {@code http://127.0.0.1:41234}. */
    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A desktop-sized browser on crweb. */
    protected Browser openBrowser() {
        return Browser.open(baseUrl());
    }

    /** A browser on crweb whose window is {@code width} x {@code height} CSS pixels, e.g. 375 wide for a phone. */
    protected Browser openBrowser(int width, int height) {
        return Browser.open(baseUrl(), width, height);
    }

    /** The same, its pages seeing {@code prefers-color-scheme: dark} if {@code dark}, as on a device so set. */
    protected Browser openBrowser(int width, int height, boolean dark) {
        Browser browser = openBrowser(width, height);
        if (dark) {
            browser.preferDarkScheme();
        }
        return browser;
    }

    /** An address no one has signed up with yet, e.g. {@code nav-…@example.com}. */
    protected static String newEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    /**
     * Starts a PostgreSQL and Redis for the context and points crweb at them, above crweb's configuration files. They
     * stop with the context, after its beans: registered before any of them, they are destroyed after all of them.
     */
    static final class ServersOfItsOwn implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestInfrastructure servers;
            try {
                servers = TestInfrastructure.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start PostgreSQL and Redis for a browser test", e);
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "crweb-browser-test-servers", new LinkedHashMap<>(servers.properties())));
            ((DefaultSingletonBeanRegistry) context.getBeanFactory())
                    .registerDisposableBean("crwebBrowserTestServers", servers::close);
        }
    }
}
