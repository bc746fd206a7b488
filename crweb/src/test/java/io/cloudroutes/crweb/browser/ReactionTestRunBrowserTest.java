package io.cloudroutes.crweb.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Test runs of a reaction from its page, in headless Chromium against crweb on a random port: the result is in view
 * on the reaction's own page, and reloading that page never runs the reaction again.
 */
@AutoConfigureMockMvc
class ReactionTestRunBrowserTest extends BrowserTest {

    @Autowired
    TeamRepository teamRepository;

    // found by what a person sees, not by ids, so that the same test runs against any version of the page
    static final By DRY_RUN = By.xpath("//button[normalize-space()='Show what it would send']");
    static final By REAL_RUN = By.xpath("//button[normalize-space()='Run it for real']");
    static final By RESULT = By.cssSelector(".test-result");

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    ReactionConfigRepository reactions;

    /** The webhook receiver the reaction posts to: a real local HTTP server that counts what arrives. */
    HttpServer receiver;

    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks/ops", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/ops";
    }

    /** Signs up in the browser and gives that person a webhook reaction; returns its id. */
    private long signUpWithAWebhookReaction(Browser browser, String email) {
        browser.signUpAndLogIn(email, PASSWORD, mailbox);
        UserAccount account = users.findByEmail(email).orElseThrow();
        ReactionConfig hook = new ReactionConfig(
                teamRepository.personalTeamIdOf(account.getId()), account.getId(), "tell ops", "webhook");
        hook.setSettings(Map.of("url", hookUrl(), "method", "POST"));
        return reactions.save(hook).getId();
    }

    @Test
    void aDryRunShowsItsResultInViewOnTheReactionsOwnPage() {
        try (Browser browser = openBrowser(1280, 700)) {
            long id = signUpWithAWebhookReaction(browser, newEmail("dry"));
            browser.get("/reactions/" + id + "/edit");

            browser.clickAndWait(DRY_RUN);

            assertThat(browser.currentPath()).startsWith("/reactions/" + id + "/edit");
            WebElement result = browser.find(RESULT);
            assertThat(result.getText()).contains("POST " + hookUrl());
            assertThat(browser.isInViewport(result))
                    .as("the result is on screen without scrolling")
                    .isTrue();
            assertThat(received).as("a dry run contacts nothing").isEmpty();
        }
    }

    @Test
    void reloadingThePageAfterARealRunDoesNotRunTheReactionAgain() {
        try (Browser browser = openBrowser(1280, 700)) {
            long id = signUpWithAWebhookReaction(browser, newEmail("real"));
            browser.get("/reactions/" + id + "/edit");

            browser.clickAndWait(REAL_RUN);
            assertThat(browser.find(By.cssSelector("#test-run")).getText()).contains("Tick the box");
            assertThat(received).as("nothing runs without confirmation").isEmpty();

            browser.find(By.name("confirm")).click();
            browser.clickAndWait(REAL_RUN);
            assertThat(browser.currentPath()).startsWith("/reactions/" + id + "/edit");
            WebElement result = browser.find(RESULT);
            assertThat(result.getText()).contains("EXECUTED");
            assertThat(browser.isInViewport(result)).isTrue();
            assertThat(received).hasSize(1);

            browser.driver().navigate().refresh();
            browser.waitForLoad();

            assertThat(browser.currentPath()).startsWith("/reactions/" + id + "/edit");
            assertThat(received)
                    .as("a reload shows the page again, it does not post the run again")
                    .hasSize(1);
        }
    }

    @Test
    void anotherPersonsReactionCannotBeTestRun() throws Exception {
        UserAccount owner = users.save(new UserAccount(newEmail("owner"), "x"));
        UserAccount other = users.save(new UserAccount(newEmail("other"), "x"));
        ReactionConfig hook = new ReactionConfig(
                teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "tell ops", "webhook");
        hook.setSettings(Map.of("url", hookUrl()));
        hook = reactions.save(hook);
        mvc.perform(post("/reactions/" + hook.getId() + "/test")
                        .with(csrf())
                        .with(user(accounts.loadUserByUsername(other.getEmail())))
                        .param("mode", "dry"))
                .andExpect(status().isNotFound());
        assertThat(received).isEmpty();
    }
}
