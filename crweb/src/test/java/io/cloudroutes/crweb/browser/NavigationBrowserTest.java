package io.cloudroutes.crweb.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** crweb on a random port with real PostgreSQL and Redis, used through headless Chromium: getting around the UI. */
class NavigationBrowserTest extends BrowserTest {

    @Test
    void loggingInAfterOpeningAProtectedPageLandsOnItsCleanUrl() {
        try (Browser browser = openBrowser()) {
            String email = newEmail("nav");
            browser.get("/signup")
                    .type("email", email)
                    .type("password", PASSWORD)
                    .clickAndWait(By.cssSelector("main form button[type=submit]"));
            browser.confirmEmail(email, mailbox);
            browser.get("/monitors");
            assertThat(browser.currentPath()).isEqualTo("/login");
            browser.logIn(email, PASSWORD);
            assertThat(browser.currentPath()).isEqualTo("/monitors");
            browser.get("/");
            assertThat(browser.currentPath()).isEqualTo("/");
        }
    }

    @Test
    void theMenuMarksThePageYouAreOn() {
        try (Browser browser = openBrowser()) {
            browser.signUpAndLogIn(newEmail("nav"), PASSWORD, mailbox);
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
                .map(link -> link.getText() + "=" + link.getDomAttribute("aria-current"))
                .toList();
    }

    @Test
    void noPageScrollsSidewaysOnAPhone() throws Exception {
        assertNoPageScrollsSideways(375, 740, false);
    }

    @Test
    void noPageScrollsSidewaysOnA390PxPhoneInTheDarkTheme() throws Exception {
        assertNoPageScrollsSideways(390, 844, true);
    }

    @Test
    void noPageScrollsSidewaysOnALaptop() throws Exception {
        assertNoPageScrollsSideways(1280, 800, false);
    }

    @Test
    void theFirstTabReachesTheSkipLinkWhichLeadsPastTheMenuToTheContent() {
        try (Browser browser = openBrowser()) {
            browser.signUpAndLogIn(newEmail("nav"), PASSWORD, mailbox);
            browser.get("/monitors");
            browser.find(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.TAB);
            var focused = browser.driver().switchTo().activeElement();
            assertThat(focused.getText()).isEqualTo("Skip to content");
            assertThat(browser.<String>script("return getComputedStyle(document.activeElement).outlineStyle"))
                    .as("keyboard focus is visible")
                    .isEqualTo("solid");
            focused.sendKeys(org.openqa.selenium.Keys.ENTER);
            assertThat(browser.<String>script("return document.activeElement.id"))
                    .isEqualTo("content");
            browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            assertThat(browser.<Boolean>script(
                            "return document.querySelector('main').contains(document.activeElement)"))
                    .as("the next Tab is in the page's content, past the menu")
                    .isTrue();
        }
    }

    /**
     * Every page, filled with long values that do not break by themselves (a long address, a long URL, a webhook
     * delivery whose body is one long word), fits the window's width.
     */
    private void assertNoPageScrollsSideways(int width, int height, boolean dark) throws Exception {
        try (Browser browser = openBrowser(width, height, dark)) {
            browser.get("/login");
            assertThat(browser.viewportWidth())
                    .as("the page is laid out %d px wide", width)
                    .isEqualTo(width);
            assertThat(browser.overflowsHorizontally()).as("/login").isFalse();
            browser.signUpAndLogIn(newEmail("a-rather-long-address"), PASSWORD, mailbox);
            browser.get("/monitors/new?type=http");
            browser.type("name", "checkout")
                    .type("setting-url", "https://shop.example.com/a/rather/long/health/path/" + "x".repeat(120));
            browser.clickAndWait(By.cssSelector("main form button[type=submit]"));
            String monitorPage = browser.currentPath();
            browser.get("/monitors/new?type=datadog");
            browser.type("name", "datadog checkout");
            browser.clickAndWait(By.cssSelector("main form button[type=submit]"));
            String pushedMonitorPage = browser.currentPath();
            String secret = browser.find(By.id("push-secret-value")).getText();
            deliverToDatadogMonitor(pushedMonitorPage, secret, """
                    {"id":"1","alert_transition":"Triggered","title":"%s","body":"%s"}""".formatted("t".repeat(300), "b".repeat(400)));
            for (String path : new String[] {
                "/",
                "/monitors",
                monitorPage,
                pushedMonitorPage,
                "/monitors/new",
                "/monitors/new?type=http",
                "/reactions",
                "/reactions/new",
                "/reactions/new?type=email",
                "/account/api-keys",
                "/docs/",
                "/docs/configuration.md",
                "/docs/webhooks/datadog.md",
                monitorPage + "/edit",
                "/team",
                "/teams",
                "/team/audit",
                "/account/sessions",
                "/account/password",
                "/account/two-factor"
            }) {
                browser.get(path);
                // what the person sees once the page has settled: a chart or a live count drawn after the load may
                // take a frame to fit, and a loaded machine can catch that frame
                try {
                    await().atMost(Duration.ofSeconds(5)).until(() -> !browser.overflowsHorizontally());
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(path + " is wider than " + width + " px: " + browser.beyondTheRightEdge());
                }
                assertThat(browser.unlabelledFields())
                        .as(path + ": fields without a label")
                        .isEmpty();
                assertThat(browser.lowContrastTexts())
                        .as(path + ": texts below AA contrast" + (dark ? " (dark)" : ""))
                        .isEmpty();
            }
        }
    }

    private void deliverToDatadogMonitor(String monitorPage, String secret, String body) throws Exception {
        String id = monitorPage.substring(monitorPage.lastIndexOf('/') + 1);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/webhooks/datadog/" + id))
                            .header("X-CloudRoutes-Secret", secret)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }
    }

    @Test
    void theDocsLinkOpensTheDocumentationAndItsLinksLeadToOtherPages() {
        try (Browser browser = openBrowser()) {
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
        try (Browser browser = openBrowser()) {
            browser.get("/swagger-ui.html");
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(20))
                    .until(d -> !d.findElements(By.cssSelector(".opblock-summary-path"))
                            .isEmpty());
            assertThat(browser.driver().findElements(By.cssSelector(".opblock-summary-path")))
                    .extracting(org.openqa.selenium.WebElement::getText)
                    .contains("/api/v1/monitors");
            assertThat(browser.driver().findElements(By.cssSelector(".btn.authorize")))
                    .isNotEmpty();
        }
    }
}
