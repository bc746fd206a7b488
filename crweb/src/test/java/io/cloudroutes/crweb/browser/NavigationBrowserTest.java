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

    @Test
    void theMenuMarksThePageYouAreOn() {
        try (Browser browser = browser()) {
            browser.signUpAndLogIn(email(), "long enough pw");
            browser.get("/monitors");
            assertThat(current(browser)).containsExactly("Monitors=page");
            browser.get("/monitors/new");
            assertThat(current(browser)).containsExactly("Monitors=true");
            browser.get("/reactions");
            assertThat(current(browser)).containsExactly("Reactions=page");
            browser.get("/");
            assertThat(current(browser)).containsExactly("Dashboard=page");
        }
    }

    private static java.util.List<String> current(Browser browser) {
        return browser.driver().findElements(By.cssSelector("nav.top a[aria-current]")).stream()
                .map(link -> link.getText() + "=" + link.getDomAttribute("aria-current")).toList();
    }

    @Test
    void noPageScrollsSidewaysOnAPhone() {
        try (Browser browser = Browser.open("http://127.0.0.1:" + port, 375, 740)) {
            browser.get("/login");
            assertThat(browser.overflowsHorizontally()).as("/login").isFalse();
            browser.signUpAndLogIn("a-rather-long-address-" + UUID.randomUUID() + "@example.com", "long enough pw");
            browser.get("/monitors/new?type=http");
            browser.type("name", "checkout").type("setting-url", "https://shop.example.com/a/rather/long/health/path");
            browser.clickAndWait(By.cssSelector("main form button[type=submit]"));
            String monitorPage = browser.currentPath();
            for (String path : new String[] {"/", "/monitors", monitorPage, "/monitors/new", "/monitors/new?type=http",
                    "/reactions", "/reactions/new", "/reactions/new?type=email", "/account/api-keys", "/docs/",
                    "/docs/configuration.md"}) {
                browser.get(path);
                assertThat(browser.overflowsHorizontally()).as("%s is wider than a 375 px phone", path).isFalse();
            }
        }
    }

    @Test
    void theDocsLinkOpensTheDocumentationAndItsLinksLeadToOtherPages() {
        try (Browser browser = browser()) {
            browser.get("/login");
            browser.clickAndWait(By.linkText("Docs"));
            assertThat(browser.currentPath()).isEqualTo("/docs/");
            browser.clickAndWait(By.cssSelector("a[href='/docs/checks.md']"));
            assertThat(browser.currentPath()).isEqualTo("/docs/checks.md");
            browser.clickAndWait(By.cssSelector("article.doc a[href='checks/http.md']"));
            assertThat(browser.currentPath()).isEqualTo("/docs/checks/http.md");
            assertThat(browser.find(By.cssSelector("article.doc h1")).getText()).containsIgnoringCase("http");
        }
    }

    @Test
    void theApiReferenceShowsTheOperationsOfTheApi() {
        try (Browser browser = browser()) {
            browser.get("/swagger-ui.html");
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(20))
                    .until(d -> !d.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
            assertThat(browser.driver().findElements(By.cssSelector(".opblock-summary-path")))
                    .extracting(org.openqa.selenium.WebElement::getText).contains("/api/v1/monitors");
            assertThat(browser.driver().findElements(By.cssSelector(".btn.authorize"))).isNotEmpty();
        }
    }
}
