package io.cloudroutes.crweb.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard in headless Chromium stays live: when the actioner writes a monitor's new status to Redis, the row
 * turns FAILED, the counts follow and a screen reader is told, all without a reload.
 */
class DashboardLiveBrowserTest extends BrowserTest {

    @Autowired
    UserAccountRepository users;

    @Autowired
    TeamRepository teams;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    LiveRedis redis;

    @Test
    void aMonitorThatFailsTurnsRedOnTheOpenDashboardWithoutAReload() {
        try (Browser browser = openBrowser()) {
            browser.recordCspViolations();
            String email = newEmail("live");
            browser.signUpAndLogIn(email, PASSWORD, mailbox);
            long accountId = users.findByEmail(email).orElseThrow().getId();
            Monitor shop = monitor(accountId, "shop", List.of("prod"));
            monitor(accountId, "blog", List.of());
            state(shop, Status.HEALTHY);

            browser.get("/");
            By shopRow = By.id("monitor-" + shop.getId());
            assertThat(browser.find(shopRow).getDomAttribute("data-status")).isEqualTo("HEALTHY");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> browser.find(By.id("live-status")).getText().startsWith("Live"));
            browser.script("window.cloudroutesSamePage = true");

            state(shop, Status.FAILED); // as the actioner writes a transition

            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> "FAILED".equals(browser.find(shopRow).getDomAttribute("data-status")));
            assertThat(browser.find(shopRow)
                            .findElement(By.cssSelector(".status"))
                            .getText())
                    .isEqualTo("FAILED");
            assertThat(browser.find(shopRow).getDomAttribute("class")).contains("FAILED");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> browser.find(By.id("count-failed")).getText().equals("1"));
            assertThat(browser.find(By.id("live-announcer")).getAttribute("textContent"))
                    .contains("shop is now FAILED");
            assertThat(browser.find(By.id("live-announcer")).getDomAttribute("aria-live"))
                    .isEqualTo("polite");
            assertThat((Boolean) browser.script("return window.cloudroutesSamePage === true"))
                    .as("the page was not reloaded")
                    .isTrue();
            browser.screenshot("dashboard-live-failed");

            // the fold marks it flapping: the badge comes, with its text for screen readers, and goes again
            redis.connection().sync().hset(RedisKeys.state(shop.getId()), RedisKeys.StateField.FLAPPING, "1");
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !browser.find(shopRow)
                            .findElements(By.cssSelector(".badge.flapping"))
                            .isEmpty());
            assertThat(browser.find(shopRow)
                            .findElement(By.cssSelector(".badge.flapping"))
                            .getAttribute("textContent"))
                    .isEqualTo("flapping: this monitor changes status too often");
            assertThat(browser.find(By.id("live-announcer")).getAttribute("textContent"))
                    .contains("shop is flapping");
            redis.connection().sync().hset(RedisKeys.state(shop.getId()), RedisKeys.StateField.FLAPPING, "0");
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> browser.find(shopRow)
                            .findElements(By.cssSelector(".badge.flapping"))
                            .isEmpty());
            assertThat(browser.cspViolations()).isEmpty();
        }
    }

    private Monitor monitor(long accountId, String name, List<String> tags) {
        Monitor monitor = new Monitor(teams.personalTeamIdOf(accountId), accountId, name, "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        monitor.setTags(tags);
        return monitors.save(monitor);
    }

    private void state(Monitor monitor, Status status) {
        redis.connection()
                .sync()
                .hset(
                        RedisKeys.state(monitor.getId()),
                        Map.of(
                                RedisKeys.StateField.STATUS,
                                status.name(),
                                RedisKeys.StateField.SINCE,
                                String.valueOf(Instant.now().toEpochMilli())));
    }
}
