package io.cloudroutes.crweb.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A new person signs up and follows the dashboard's guide in a real browser: picks a check type, tries the monitor with
 * "Check now" (the result shows in place, first healthy, then failed, and nothing is saved), creates it, creates an
 * email reaction to themselves, attaches it, and the guide is gone. On a laptop in the light theme and on a phone in
 * the dark one; every page's text keeps AA contrast; screenshots go to target/screenshots.
 */
class OnboardingBrowserTest extends BrowserTest {

    /** The site the new monitor checks, on loopback: healthy at first, then answering 500. */
    private HttpServer site;

    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startSite() throws IOException {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(requests.incrementAndGet() == 1 ? 200 : 500, -1);
            exchange.close();
        });
        site.start();
    }

    @AfterEach
    void stopSite() {
        site.stop(0);
    }

    @Test
    void onALaptopInTheLightTheme() {
        followTheGuide("laptop-light", 1280, 800, false);
    }

    @Test
    void onAPhoneInTheDarkTheme() {
        followTheGuide("phone-dark", 390, 844, true);
    }

    private void followTheGuide(String name, int width, int height, boolean dark) {
        String email = newEmail("guided");
        String url = "http://127.0.0.1:" + site.getAddress().getPort() + "/health";
        try (Browser browser = openBrowser(width, height, dark)) {
            browser.signUpAndLogIn(email, PASSWORD, mailbox);
            browser.get("/");
            assertThat(browser.find(By.id("onboarding-progress")).getText()).isEqualTo("0 of 3 steps done");
            assertThat(browser.<String>script("return getComputedStyle(document.body).backgroundColor"))
                    .isEqualTo(dark ? "rgb(13, 17, 23)" : "rgb(248, 249, 251)");
            assertFits(browser, name + "-1-dashboard");

            browser.clickAndWait(By.id("onboarding-type-http"));
            browser.type("name", "shop").type("setting-url", url);
            browser.find(By.id("check-now")).click();
            String outcome = waitForOutcome(browser, "HEALTHY");
            assertThat(outcome).contains("HEALTHY").contains("Nothing was saved");
            assertThat(browser.currentPath()).as("the result shows in place").isEqualTo("/monitors/new?type=http");
            assertThat(browser.find(By.id("name")).getDomProperty("value")).isEqualTo("shop");
            assertFits(browser, name + "-2-check-now-healthy");

            browser.find(By.id("check-now")).click();
            assertThat(waitForOutcome(browser, "FAILED")).contains("expected status 200-299 but got 500");
            assertThat(browser.find(By.cssSelector("#check-now-outcome li.condition.failed"))
                            .getText())
                    .contains("Expected status");
            assertFits(browser, name + "-3-check-now-failed");

            browser.clickAndWait(By.cssSelector("main form button[type=submit]:not(#check-now)"));
            assertThat(browser.currentPath()).matches("/monitors/\\d+");

            browser.get("/");
            assertThat(browser.find(By.id("onboarding-progress")).getText()).isEqualTo("1 of 3 steps done");
            assertFits(browser, name + "-4-dashboard-monitor-done");
            browser.clickAndWait(By.id("onboarding-email"));
            browser.type("name", "mail me").type("setting-to", email);
            browser.clickAndWait(By.cssSelector("main form button[type=submit]"));
            assertThat(browser.currentPath()).matches("/reactions/\\d+/edit");

            browser.get("/");
            assertThat(browser.find(By.id("onboarding-progress")).getText()).isEqualTo("2 of 3 steps done");
            browser.clickAndWait(By.id("onboarding-attach-link"));
            assertThat(browser.currentPath()).matches("/monitors/\\d+/edit#reactions");
            browser.find(By.cssSelector("input[name=reactionIds]")).click();
            assertFits(browser, name + "-5-attach");
            browser.clickAndWait(By.cssSelector("main form button[type=submit]:not(#check-now)"));

            browser.get("/");
            assertThat(browser.driver().findElements(By.id("onboarding")))
                    .as("the guide is done")
                    .isEmpty();
            assertFits(browser, name + "-6-dashboard-done");
        }
    }

    private static String waitForOutcome(Browser browser, String status) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .withMessage(() -> "no " + status + " result; the page at " + browser.currentPath() + " shows: "
                        + browser.driver().findElements(By.id("check-now-result")).stream()
                                .map(e -> e.getText())
                                .toList()
                        + " "
                        + browser.driver().findElements(By.cssSelector("p.error")).stream()
                                .map(e -> e.getText())
                                .toList())
                .until(d -> {
                    var shown = d.findElements(By.cssSelector("#check-now-outcome .status." + status));
                    return shown.isEmpty()
                            ? null
                            : d.findElement(By.id("check-now-outcome")).getText();
                });
    }

    /** The page fits the window, every text reads in the theme, every field is labelled; and a screenshot. */
    private static void assertFits(Browser browser, String screenshot) {
        browser.screenshot(screenshot);
        assertThat(browser.overflowsHorizontally())
                .as(() -> browser.currentPath() + " scrolls sideways: " + browser.beyondTheRightEdge())
                .isFalse();
        assertThat(browser.lowContrastTexts())
                .as(browser.currentPath() + " low contrast")
                .isEmpty();
        assertThat(browser.unlabelledFields())
                .as(browser.currentPath() + " unlabelled")
                .isEmpty();
    }
}
