package io.cloudroutes.crweb.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** crweb on a random port with real PostgreSQL and Redis, used through headless Chromium: getting around the UI. */
@SpringBootTest(classes = CrwebApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=crweb")
class NavigationBrowserTest {

    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @LocalServerPort int port;

    private Browser browser() {
        return Browser.open("http://127.0.0.1:" + port);
    }

    private static String email() {
        return "nav-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void loggingInAfterOpeningAProtectedPageLandsOnItsCleanUrl() {
        try (Browser browser = browser()) {
            String email = email();
            browser.get("/signup").type("email", email).type("password", "long enough pw")
                    .clickAndWait(By.cssSelector("main form button[type=submit]"));
            browser.get("/monitors");
            assertThat(browser.currentPath()).isEqualTo("/login");
            browser.logIn(email, "long enough pw");
            assertThat(browser.currentPath()).isEqualTo("/monitors");
            browser.get("/");
            assertThat(browser.currentPath()).isEqualTo("/");
        }
    }
}
