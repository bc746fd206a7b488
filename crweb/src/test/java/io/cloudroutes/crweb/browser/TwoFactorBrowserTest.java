package io.cloudroutes.crweb.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Two-factor authentication in a real headless Chromium on a phone-sized screen, under crweb's Content-Security-Policy:
 * the QR code shows, the secret and the recovery codes fit the screen, switching on with a code from the shown secret
 * works, and a log-in goes through the code page with a recovery code; no page reports a policy violation.
 */
class TwoFactorBrowserTest extends BrowserTest {

    @Test
    void switchingOnAndLoggingInWithARecoveryCodeOnAPhone() throws Exception {
        String email = newEmail("phone");
        try (Browser browser = openBrowser(375, 740)) {
            browser.recordCspViolations();
            browser.signUpAndLogIn(email, PASSWORD, mailbox);
            browser.get("/account/two-factor");

            assertThat((Number) browser.script("return document.getElementById('qr-code').naturalWidth;"))
                    .as("the QR code image loads")
                    .matches(width -> width.intValue() > 0);
            assertThat(browser.overflowsHorizontally())
                    .as("the enrolment page fits a phone")
                    .isFalse();
            String secret = browser.find(By.cssSelector("#totp-secret code")).getText();
            // the server allows the step either side of now, so a code made just before the step changes still counts
            long step = Instant.now().getEpochSecond() / 30;
            browser.type("code", new DefaultCodeGenerator().generate(secret, step));
            browser.clickAndWait(By.xpath("//button[normalize-space()='Switch on']"));
            assertThat(browser.find(By.id("flash")).getText()).startsWith("Two-factor authentication is on");
            String recoveryCode =
                    browser.find(By.cssSelector("#recovery-codes-list code")).getText();
            assertThat(browser.driver().findElements(By.cssSelector("#recovery-codes-list code")))
                    .hasSize(10);
            assertThat(browser.overflowsHorizontally())
                    .as("the recovery codes fit a phone")
                    .isFalse();

            browser.clickAndWait(By.xpath("//button[normalize-space()='Log out']"));
            browser.logIn(email, PASSWORD);
            assertThat(browser.currentPath()).isEqualTo("/login/code");
            assertThat(browser.overflowsHorizontally()).isFalse();
            browser.type("code", recoveryCode);
            browser.clickAndWait(By.cssSelector("#code-form button[type=submit]"));
            assertThat(browser.currentPath()).isEqualTo("/");
            assertThat(browser.find(By.id("flash")).getText()).contains("You have 9 recovery codes left");

            assertThat(browser.cspViolations())
                    .as("violations of the Content-Security-Policy")
                    .isEmpty();
        }
    }
}
