package io.cloudroutes.crweb.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.statuspage.IncidentState;
import io.cloudroutes.store.statuspage.StatusIncident;
import io.cloudroutes.store.statuspage.StatusIncidentRepository;
import io.cloudroutes.store.statuspage.StatusPage;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/** A published status page opened logged out in headless Chromium, on a laptop and on a phone. */
class StatusPageBrowserTest extends BrowserTest {

    @Autowired
    UserAccountRepository users;

    @Autowired
    TeamRepository teams;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    StatusPageRepository pages;

    @Autowired
    StatusIncidentRepository incidents;

    @Autowired
    LiveRedis redis;

    private long monitor(long teamId, long ownerId, String name, Status status) {
        Monitor monitor = new Monitor(teamId, ownerId, name, "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        long id = monitors.save(monitor).getId();
        events.save(new MonitorEvent(
                id, Status.UNKNOWN, Status.HEALTHY, "ok", null, Instant.now().minus(Duration.ofDays(20))));
        if (status == Status.FAILED) {
            events.save(new MonitorEvent(
                    id,
                    Status.HEALTHY,
                    Status.FAILED,
                    "down",
                    null,
                    Instant.now().minus(Duration.ofHours(30))));
        }
        redis.connection().sync().hset(RedisKeys.state(id), Map.of(RedisKeys.StateField.STATUS, status.name()));
        return id;
    }

    @Test
    void aVisitorWithoutAnAccountSeesThePageOnALaptopAndOnAPhone() {
        UserAccount owner = users.save(new UserAccount(newEmail("status"), "x"));
        long team = teams.personalTeamIdOf(owner.getId());
        StatusPage page = new StatusPage(team);
        page.setSlug("acme");
        page.setTitle("Acme status");
        page.setDescription("The shop, its API and the payment provider.");
        page.setPublished(true);
        page.addGroup(
                "Website",
                List.of(
                        monitor(team, owner.getId(), "Web shop", Status.HEALTHY),
                        monitor(team, owner.getId(), "Checkout with a rather long name for a phone", Status.FAILED)));
        page.addGroup("API", List.of(monitor(team, owner.getId(), "Public API", Status.HEALTHY)));
        long pageId = pages.save(page).getId();
        incidents.save(new StatusIncident(
                pageId,
                "Checkout fails for some cards",
                IncidentState.IDENTIFIED,
                "The payment provider times out.",
                Instant.now()));

        for (int[] size : new int[][] {{1280, 900}, {375, 800}}) {
            try (Browser browser = openBrowser(size[0], size[1])) {
                browser.recordCspViolations().get("/status/acme").waitForLoad();
                assertThat(browser.currentPath()).isEqualTo("/status/acme");
                assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Acme status");
                assertThat(browser.find(By.id("overall")).getText()).isEqualTo("Partial outage");
                assertThat(browser.driver().findElements(By.cssSelector(".strip .bar")))
                        .hasSize(3 * 90);
                assertThat(browser.find(By.tagName("body")).getText())
                        .contains("Checkout fails for some cards", "Identified", "Outage", "Operational")
                        .doesNotContain("db.internal");
                assertThat(browser.overflowsHorizontally())
                        .as("/status/acme %d px wide scrolls sideways", size[0])
                        .isFalse();
                assertThat(browser.cspViolations()).isEmpty();
                browser.screenshot("status-page-" + size[0]);
            }
        }
    }
}
