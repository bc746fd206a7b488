package io.cloudroutes.crweb.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Under crweb's Content-Security-Policy (no inline script) every page still works in a real headless Chromium, and
 * none reports a violation: signing up and logging in, the dashboard, a webhook monitor's page with its copy buttons,
 * the dialogs that confirm rotating a secret, holding a monitor, deleting a reaction or a monitor and revoking an API
 * key (each both cancelled and accepted), the docs and Swagger UI with its Authorize dialog.
 */
class ContentSecurityPolicyBrowserTest extends BrowserTest {

    /** Clicks a button whose form asks first, answers the question, and waits for the next page if accepted. */
    private static void clickAndConfirm(Browser browser, By button, String question, boolean accept) {
        WebElement element = browser.find(button);
        element.click();
        browser.answerConfirmation(question, accept);
        if (accept) {
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(element));
            browser.waitForLoad();
        }
    }

    /** Clicks the copy button of the element with id {@code target}; its script answers in the button's label. */
    private static void copy(Browser browser, String target) {
        WebElement button = browser.copyButton(target);
        assertThat(button.isDisplayed())
                .as("the copy button is shown once its script runs")
                .isTrue();
        button.click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(d -> List.of("Copied", "Press Ctrl+C").contains(button.getText()));
    }

    @Test
    void everyPageWorksUnderThePolicyWithoutAViolation() {
        try (Browser browser = openBrowser()) {
            browser.allowClipboard().recordCspViolations();
            browser.get("/signup");
            browser.signUpAndLogIn(newEmail("csp"), PASSWORD, mailbox);
            assertThat(browser.currentPath()).isEqualTo("/");

            // a webhook monitor: its secret, endpoints and copy buttons
            browser.get("/monitors/new?type=webhook");
            browser.type("name", "deploys");
            browser.clickAndWait(By.cssSelector("main form button[type=submit]"));
            String monitorPage = browser.currentPath();
            String secret = browser.waitForVisible(By.id("push-secret-value")).getText();
            copy(browser, "push-secret-value");

            clickAndConfirm(browser, By.id("rotate-secret"), "Issue a new secret?", false);
            assertThat(browser.currentPath()).isEqualTo(monitorPage);
            clickAndConfirm(browser, By.id("rotate-secret"), "Issue a new secret?", true);
            assertThat(browser.waitForVisible(By.id("push-secret-value")).getText())
                    .startsWith("crw_")
                    .isNotEqualTo(secret);

            By holdFailed = By.xpath("//button[normalize-space()='Hold at FAILED']");
            clickAndConfirm(browser, holdFailed, "Hold this monitor at FAILED?", false);
            assertThat(browser.driver().findElements(By.id("override")))
                    .as("cancelled: not held")
                    .isEmpty();
            clickAndConfirm(browser, holdFailed, "Hold this monitor at FAILED?", true);
            assertThat(browser.waitForVisible(By.id("override")).getText()).contains("Held at FAILED");

            // a reaction, deleted from the list
            browser.get("/reactions/new?type=email");
            browser.type("name", "tell ops").type("setting-to", "ops@example.com");
            browser.clickAndWait(By.cssSelector("main form button[type=submit]"));
            browser.get("/reactions");
            By deleteReaction = By.xpath("//button[normalize-space()='Delete']");
            clickAndConfirm(browser, deleteReaction, "Delete this reaction?", false);
            assertThat(browser.find(By.tagName("main")).getText()).contains("tell ops");
            clickAndConfirm(browser, deleteReaction, "Delete this reaction?", true);
            assertThat(browser.find(By.tagName("main")).getText()).doesNotContain("tell ops");

            // an API key: created, copied, revoked
            browser.get("/account/api-keys");
            browser.type("key-name", "terraform");
            browser.clickAndWait(By.xpath("//button[normalize-space()='Create key']"));
            copy(browser, "new-key-value");
            By revoke = By.xpath("//button[normalize-space()='Revoke']");
            clickAndConfirm(browser, revoke, "Revoke this key?", true);
            assertThat(browser.find(By.tagName("table")).getText()).contains("revoked");

            // the monitor, deleted from its page
            browser.get(monitorPage);
            clickAndConfirm(browser, By.xpath("//button[normalize-space()='Delete']"), "Delete this monitor", true);
            assertThat(browser.currentPath()).isEqualTo("/monitors");

            browser.get("/");
            browser.get("/docs/");
            browser.get("/docs/api.md");

            browser.get("/swagger-ui.html");
            browser.waitForVisible(By.cssSelector(".opblock-summary-path"));
            browser.find(By.cssSelector(".btn.authorize")).click();
            assertThat(browser.waitForVisible(By.cssSelector(".dialog-ux .modal-ux"))
                            .getText())
                    .contains("apiKey");

            browser.get("/login");
            assertThat(browser.cspViolations())
                    .as("violations of the Content-Security-Policy")
                    .isEmpty();
        }
    }
}
