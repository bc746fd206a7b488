package io.cloudroutes.crweb.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.crweb.browser.Browser;
import io.cloudroutes.crweb.browser.BrowserTest;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The copy buttons next to secrets and URLs put exactly the text beside them on the clipboard, in a real headless
 * Chromium (Debian's, installed by .ci/install-test-tools), also where the browser offers no Clipboard API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one browser, logged in once, for the whole class
class CopyButtonsBrowserTest extends BrowserTest {

    @Autowired
    UserAccountRepository users;

    @Autowired
    PasswordEncoder passwords;

    Browser session;
    ChromeDriver browser;

    @BeforeAll
    void aBrowserLoggedIn() {
        session = openBrowser().allowClipboard();
        browser = session.driver();
        String email = newEmail("ops");
        users.save(new UserAccount(email, passwords.encode(PASSWORD)));
        session.logIn(email, PASSWORD);
    }

    @AfterAll
    void closeTheBrowser() {
        if (session != null) {
            session.close();
        }
    }

    private String clipboard() {
        return (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "navigator.clipboard.readText().then(done, e => done('clipboard unreadable: ' + e));");
    }

    private void writeClipboard(String text) {
        browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "navigator.clipboard.writeText(arguments[0]).then(() => done(), e => done());",
                text);
    }

    /** Clicks the copy button of the element with id {@code target} and waits until it says it copied. */
    private void copy(String target) {
        WebElement button = session.copyButton(target);
        assertThat(button.isDisplayed())
                .as("the copy button is shown once its script runs")
                .isTrue();
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElement(button, "Copied"));
    }

    @Test
    void theSecretShownOnceAndTheEndpointUrlsAreCopiedExactly() {
        session.get("/monitors/new?type=webhook");
        browser.findElement(By.id("name")).sendKeys("nightly backup");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        WebElement secret = session.waitForVisible(By.id("push-secret-value"));
        assertThat(secret.getText()).startsWith("crw_");

        copy("push-secret-value");
        assertThat(clipboard()).isEqualTo(secret.getText());

        copy("push-secret-url-1");
        assertThat(clipboard())
                .isEqualTo(browser.findElement(By.id("push-secret-url-1")).getText())
                .endsWith("/" + secret.getText() + "/failed");
    }

    @Test
    void withoutTheClipboardApiTheTextIsCopiedBySelection() {
        session.get("/monitors/new?type=webhook");
        browser.findElement(By.id("name")).sendKeys("no clipboard api");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        session.waitForVisible(By.id("push-url-0"));
        writeClipboard("something else");
        browser.executeScript("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});");

        copy("push-url-0");
        browser.executeScript("delete navigator.clipboard;");
        assertThat(clipboard())
                .isEqualTo(browser.findElement(By.id("push-url-0")).getText())
                .contains("/api/v1/webhooks/generic/");
    }

    @Test
    void aNewApiKeyIsCopiedExactly() {
        session.get("/account/api-keys");
        browser.findElement(By.id("key-name")).sendKeys("terraform");
        browser.findElement(By.cssSelector("#new-key-form button[type=submit]")).click();
        WebElement key = session.waitForVisible(By.id("new-key-value"));
        copy("new-key-value");
        assertThat(clipboard()).isEqualTo(key.getText()).startsWith("crk_");
    }
}
