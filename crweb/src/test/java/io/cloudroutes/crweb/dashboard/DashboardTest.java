package io.cloudroutes.crweb.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.monitor.Monitor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The dashboard: statuses counted from the live state in Redis, a status filter, search by name and tag, sorting,
 * paging with every choice in the URL, and the live stream of a page; only ever the team's own monitors.
 */
class DashboardTest extends SignedInPeople {

    private final List<Long> stateKeys = new ArrayList<>();

    @AfterEach
    void removeStates() {
        stateKeys.forEach(id -> redis.sync().del(RedisKeys.state(id)));
    }

    @Test
    void theDashboardCountsStatusesFromLiveStateAndListsEvents() throws Exception {
        Monitor up = aliceMonitor();
        Monitor down = aliceMonitor();
        aliceMonitor(); // no state yet: UNKNOWN
        live(up, Status.HEALTHY);
        live(down, Status.FAILED);
        events.save(new MonitorEvent(
                down.getId(),
                Status.HEALTHY,
                Status.FAILED,
                "connection refused to db:5432",
                "default",
                Instant.now()));
        mvc.perform(get("/").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<strong id=\"count-healthy\">1</strong>")))
                .andExpect(content().string(containsString("<strong id=\"count-failed\">1</strong>")))
                .andExpect(content().string(containsString("<strong id=\"count-unknown\">1</strong>")))
                .andExpect(content().string(containsString("connection refused to db:5432")));
    }

    @Test
    void theStatusFilterShowsOnlyThatStatusAndKeepsEveryCount() throws Exception {
        live(monitor("checkout", List.of()), Status.FAILED);
        live(monitor("landing", List.of()), Status.HEALTHY);
        Monitor paused = monitor("old-blog", List.of());
        paused.setEnabled(false);
        monitors.save(paused);
        live(paused, Status.FAILED); // a paused monitor's last status says nothing now

        String failed = page("/?status=failed");
        assertThat(rowNames(failed)).containsExactly("checkout");
        assertThat(failed)
                .contains("<strong id=\"count-all\">3</strong>")
                .contains("<strong id=\"count-failed\">1</strong>")
                .contains("<strong id=\"count-healthy\">1</strong>")
                .contains("<strong id=\"count-disabled\">1</strong>")
                .contains("href=\"/?status=failed\" aria-current=\"page\"");
        assertThat(rowNames(page("/?status=disabled"))).containsExactly("old-blog");
        assertThat(rowNames(page("/?status=healthy"))).containsExactly("landing");
        assertThat(rowNames(page("/?status=everything"))).hasSize(3);
    }

    @Test
    void searchFindsNamesAndTagsAndTagPrefixFindsOnlyTags() throws Exception {
        monitor("Shop API", List.of("prod", "eu"));
        monitor("prod-db", List.of("staging"));
        monitor("blog", List.of("marketing"));

        assertThat(rowNames(page("/?q=shop"))).containsExactly("Shop API");
        assertThat(rowNames(page("/?q=prod"))).containsExactlyInAnyOrder("Shop API", "prod-db");
        assertThat(rowNames(page("/?q=tag:prod"))).containsExactly("Shop API");
        assertThat(rowNames(page("/?q=TAG:EU"))).containsExactly("Shop API");
        assertThat(rowNames(search("tag:prod api"))).containsExactly("Shop API");
        assertThat(rowNames(search("tag:prod blog"))).isEmpty();
        assertThat(rowNames(search("100%"))).isEmpty(); // % is a character to find, not a wildcard
        assertThat(page("/?q=nothing-like-this")).contains("No monitor matches");
        assertThat(page("/?q=tag:marketing&status=failed&sort=name"))
                .contains("href=\"/?status=healthy&amp;q=tag%3Amarketing&amp;sort=name\"");
    }

    @Test
    void monitorsSortByStatusFailedFirstByNameAndByLatestChange() throws Exception {
        Monitor b = monitor("b-healthy", List.of());
        Monitor c = monitor("c-failed", List.of());
        Monitor a = monitor("a-unknown", List.of());
        live(b, Status.HEALTHY, Instant.parse("2026-01-01T10:00:00Z"));
        live(c, Status.FAILED, Instant.parse("2026-01-01T09:00:00Z"));

        assertThat(rowNames(page("/"))).containsExactly("c-failed", "a-unknown", "b-healthy");
        assertThat(rowNames(page("/?sort=name"))).containsExactly("a-unknown", "b-healthy", "c-failed");
        assertThat(rowNames(page("/?sort=changed"))).containsExactly("b-healthy", "c-failed", "a-unknown");
        // an order the dashboard does not know is its default order
        assertThat(rowNames(page("/?sort=colour"))).containsExactly("c-failed", "a-unknown", "b-healthy");
        assertThat(a.getId()).isNotNull();
    }

    @Test
    void pagesHoldFiftyAndAPagePastTheEndShowsTheLast() throws Exception {
        long team = teamRepository.personalTeamIdOf(aliceAccount.getId());
        List<Monitor> many = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            Monitor monitor = new Monitor(team, aliceAccount.getId(), "m%03d".formatted(i), "tcp");
            monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
            monitor.setIntervalSeconds(30);
            monitor.setTimeoutSeconds(5);
            many.add(monitor);
        }
        monitors.saveAll(many);

        String first = page("/?sort=name");
        assertThat(rowNames(first)).hasSize(50).startsWith("m000").endsWith("m049");
        assertThat(first).contains("page 1 of 2").contains("href=\"/?sort=name&amp;page=2\" rel=\"next\"");
        assertThat(rowNames(page("/?sort=name&page=2"))).containsExactly("m050", "m051", "m052", "m053", "m054");
        assertThat(rowNames(page("/?sort=name&page=99"))).hasSize(5).startsWith("m050");
        assertThat(rowNames(page("/?sort=name&page=0"))).hasSize(50).startsWith("m000");
        assertThat(rowNames(page("/?sort=name&page=two"))).hasSize(50).startsWith("m000");
    }

    @Test
    void anotherTeamsMonitorsAreNeverListedNorStreamed() throws Exception {
        Monitor mine = monitor("alice-shop", List.of("prod"));
        mvc.perform(get("/").with(bob))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("alice-shop"))))
                .andExpect(content().string(containsString("<strong id=\"count-all\">0</strong>")));
        mvc.perform(get("/?q=tag:prod").with(bob)).andExpect(content().string(not(containsString("alice-shop"))));

        MvcResult bobs = mvc.perform(get("/dashboard/stream").with(bob))
                .andExpect(request().asyncStarted())
                .andReturn();
        live(mine, Status.FAILED);
        MvcResult alices = mvc.perform(get("/dashboard/stream").with(alice))
                .andExpect(request().asyncStarted())
                .andReturn();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(alices.getResponse().getContentAsString()).contains("\"failed\":1"));
        assertThat(bobs.getResponse().getContentAsString())
                .doesNotContain("alice-shop")
                .doesNotContain("\"id\":" + mine.getId());
    }

    @Test
    void anOpenStreamSendsAStatusChangeAndTheNewCounts() throws Exception {
        Monitor shop = monitor("shop", List.of());
        live(shop, Status.HEALTHY);
        MvcResult stream = mvc.perform(get("/dashboard/stream").with(alice))
                .andExpect(request().asyncStarted())
                .andReturn();
        live(shop, Status.FAILED);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stream.getResponse().getContentAsString())
                        .contains("event:status")
                        .contains("\"status\":\"FAILED\"")
                        .contains("\"failed\":1"));
    }

    @Test
    void anOpenStreamSaysWhenARowBeginsToFlap() throws Exception {
        Monitor shop = monitor("shop", List.of());
        live(shop, Status.HEALTHY);
        MvcResult stream = mvc.perform(get("/dashboard/stream").with(alice))
                .andExpect(request().asyncStarted())
                .andReturn();
        redis.sync().hset(RedisKeys.state(shop.getId()), RedisKeys.StateField.FLAPPING, "1");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stream.getResponse().getContentAsString())
                        .contains("event:status")
                        .contains("\"id\":" + shop.getId())
                        .contains("\"flapping\":true"));
    }

    @Test
    void onePersonMayHoldOnlySoManyStreamsOpen() throws Exception {
        monitor("shop", List.of());
        RequestPostProcessor carol = carol();
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/dashboard/stream").with(carol))
                    .andExpect(request().asyncStarted());
        }
        mvc.perform(get("/dashboard/stream").with(carol)).andExpect(status().isTooManyRequests());
    }

    private RequestPostProcessor carol() {
        var account = users.save(new io.cloudroutes.store.account.UserAccount(
                "carol-" + java.util.UUID.randomUUID() + "@example.com", "x"));
        return org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(
                accounts.loadUserByUsername(account.getEmail()));
    }

    private Monitor monitor(String name, List<String> tags) {
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(aliceAccount.getId()), aliceAccount.getId(), name, "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        monitor.setTags(tags);
        return monitors.save(monitor);
    }

    private void live(Monitor monitor, Status status) {
        live(monitor, status, Instant.now());
    }

    private void live(Monitor monitor, Status status, Instant since) {
        stateKeys.add(monitor.getId());
        redis.sync()
                .hset(
                        RedisKeys.state(monitor.getId()),
                        Map.of(
                                RedisKeys.StateField.STATUS,
                                status.name(),
                                RedisKeys.StateField.SINCE,
                                String.valueOf(since.toEpochMilli())));
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(alice))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private String search(String typed) throws Exception {
        return mvc.perform(get("/").param("q", typed).with(alice))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /** The names in the rows of the monitors table, in order. */
    private static List<String> rowNames(String html) {
        List<String> names = new ArrayList<>();
        var rows = java.util.regex.Pattern.compile(
                        "<tr id=\"monitor-\\d+\"[^>]*>\\s*<th scope=\"row\"><a [^>]*>([^<]*)</a>")
                .matcher(html);
        while (rows.find()) {
            names.add(org.springframework.web.util.HtmlUtils.htmlUnescape(rows.group(1)));
        }
        return names;
    }
}
