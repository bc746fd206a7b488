package io.cloudroutes.crweb.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * A team comes together in real browsers: the owner invites an editor by email, the editor signs up, joins through the
 * mailed link, switches on two-factor authentication, logs in again with a code and makes a monitor, which the owner
 * sees, with the audit log saying who did what.
 */
class TeamOnboardingBrowserTest extends BrowserTest {

    @Test
    void anInvitedEditorJoinsWithTwoFactorAndTheirMonitorIsTheTeamsAndInItsAuditLog() throws Exception {
        String owner = newEmail("owner");
        String editor = newEmail("editor");
        try (Browser owners = openBrowser();
                Browser editors = openBrowser()) {
            owners.signUpAndLogIn(owner, PASSWORD, mailbox);
            owners.get("/teams").type("team-name", "Platform");
            owners.clickAndWait(By.cssSelector("#new-team-form button[type=submit]"));
            assertThat(owners.currentPath()).isEqualTo("/team");

            owners.type("invite-email", editor);
            new Select(owners.find(By.id("invite-role"))).selectByValue("EDITOR");
            owners.clickAndWait(By.cssSelector("#invite-form button[type=submit]"));
            assertThat(owners.find(By.id("invitations")).getText()).contains(editor);
            String invitation = mailbox.first(editor).link("http");
            assertThat(invitation).contains("/invitations/");

            // the invited person has no account yet: signs up with the invited address, confirms it, logs in
            editors.get("/signup").type("email", editor).type("password", PASSWORD);
            editors.clickAndWait(By.cssSelector("main form button[type=submit]"));
            String confirmation = mailbox.waitFor(editor, 2).stream()
                    .map(mail -> mail.link("http"))
                    .filter(link -> link.contains("/email-confirmation?token="))
                    .findFirst()
                    .orElseThrow();
            editors.get(pathOf(confirmation)).logIn(editor, PASSWORD);
            editors.get(pathOf(invitation));
            assertThat(editors.find(By.id("offer")).getText())
                    .contains("Platform")
                    .contains("editor");
            editors.clickAndWait(By.cssSelector("#accept-form button[type=submit]"));

            editors.get("/account/two-factor");
            String secret = editors.find(By.cssSelector("#totp-secret code")).getText();
            long step = Instant.now().getEpochSecond() / 30;
            editors.type("code", new DefaultCodeGenerator().generate(secret, step));
            editors.clickAndWait(By.xpath("//button[normalize-space()='Switch on']"));
            assertThat(editors.find(By.id("flash")).getText()).startsWith("Two-factor authentication is on");

            editors.clickAndWait(By.xpath("//button[normalize-space()='Log out']"));
            editors.logIn(editor, PASSWORD);
            assertThat(editors.currentPath()).isEqualTo("/login/code");
            // the step that switched it on is used: the next one, which the server accepts too
            editors.type("code", new DefaultCodeGenerator().generate(secret, step + 1));
            editors.clickAndWait(By.cssSelector("#code-form button[type=submit]"));
            assertThat(editors.currentPath()).isEqualTo("/");

            // a new log-in works in the personal team: the editor chooses the team in the header
            new Select(editors.find(By.id("team-choice"))).selectByVisibleText("Platform");
            editors.clickAndWait(By.cssSelector("#team-switch button[type=submit]"));
            editors.get("/monitors/new?type=tcp")
                    .type("name", "edge proxy")
                    .type("setting-host", "edge.internal")
                    .type("setting-port", "443");
            editors.clickAndWait(By.cssSelector("main form button[type=submit]"));
            assertThat(editors.find(By.tagName("h1")).getText()).contains("edge proxy");

            owners.get("/monitors");
            assertThat(owners.find(By.tagName("main")).getText()).contains("edge proxy");
            owners.get("/team/audit");
            String log = owners.find(By.id("audit")).getText();
            assertThat(log)
                    .contains("monitor.created")
                    .contains("edge proxy")
                    .contains("member.joined")
                    .contains("member.invited")
                    .contains(editor);
            assertThat(owners.find(By.cssSelector("#audit tbody tr")).getText())
                    .as("the newest entry: the editor made the monitor")
                    .contains(editor)
                    .contains("monitor.created");
        }
    }

    private static String pathOf(String link) {
        URI uri = URI.create(link);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
