package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What crweb says a monitor checks and what it found: the target on the list, the dashboard, the monitor page and in
 * the API; recent results page by page, newest first; a result that did not count; and the chooser of check types,
 * commonest first, each with a description.
 */
@CrwebIntegrationTest
class TargetsAndResultsTest {

    @Autowired
    TeamRepository teamRepository;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    LiveRedis redis;

    @Autowired
    JsonMapper json;

    UserAccount account;
    RequestPostProcessor person;
    String key;

    @BeforeEach
    void aPersonWithAnApiKey() throws Exception {
        account = users.save(new UserAccount("links-" + UUID.randomUUID() + "@example.com", "x"));
        person = user(accounts.loadUserByUsername(account.getEmail()));
        MvcResult created = mvc.perform(
                        post("/account/api-keys").with(csrf()).with(person).param("name", "ci"))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        key = (String) created.getFlashMap().get("newKey");
    }

    private JsonNode api(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String body)
            throws Exception {
        MvcResult result = mvc.perform(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn();
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString())
                .isBetween(200, 299);
        return json.readTree(result.getResponse().getContentAsString());
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).with(person))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private Monitor monitor(String name, String type, Map<String, String> settings) {
        Monitor monitor = new Monitor(teamRepository.personalTeamIdOf(account.getId()), account.getId(), name, type);
        monitor.setSettings(settings);
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        return monitors.save(monitor);
    }

    @Test
    void theMonitorsListTheDashboardTheMonitorPageAndTheApiSayWhatIsChecked() throws Exception {
        Monitor http = monitor("checkout", "http", Map.of("url", "https://shop.example.com/health", "method", "GET"));
        Monitor db = monitor(
                "orders db",
                "postgres",
                Map.of("host", "db.example.com", "port", "5432", "database", "orders", "user", "probe"));
        redis.connection()
                .sync()
                .hset(
                        RedisKeys.state(db.getId()),
                        Map.of(RedisKeys.StateField.STATUS, "FAILED", RedisKeys.StateField.SINCE, "1700000000000"));

        assertThat(page("/monitors"))
                .contains("GET https://shop.example.com/health")
                .contains("db.example.com:5432/orders");
        assertThat(page("/monitors/" + http.getId()))
                .contains("Target")
                .contains("GET https://shop.example.com/health");
        assertThat(page("/")).contains("db.example.com:5432/orders").doesNotContain("probe");
        assertThat(api(get("/api/v1/monitors/" + db.getId()), "").get("target").asString())
                .isEqualTo("db.example.com:5432/orders");
    }

    @Test
    void recentResultsArePagedNewestFirst() throws Exception {
        Monitor monitor = monitor("busy", "tcp", Map.of("host", "busy.internal", "port", "80"));
        for (int i = 0; i < 25; i++) {
            CheckResult result = CheckResult.checked(
                    "job-" + i,
                    monitor.getId(),
                    "default",
                    "test",
                    Status.HEALTHY,
                    "result number " + i,
                    5,
                    1_700_000_000_000L + i * 1000L);
            redis.connection().sync().lpush(RedisKeys.recent(monitor.getId()), MessageCodec.toJson(result));
        }

        String first = page("/monitors/" + monitor.getId());
        assertThat(first)
                .contains("result number 24")
                .contains("result number 15")
                .doesNotContain("result number 14<")
                .contains("Page 1 of 3 (25 results)");
        String third = page("/monitors/" + monitor.getId() + "?results=2");
        assertThat(third)
                .contains("result number 4<")
                .contains("result number 0<")
                .doesNotContain("result number 5<")
                .contains("Page 3 of 3 (25 results)");
    }

    @Test
    void aResultThatDidNotCountIsShownAsNotCountedNotAsAFailure() throws Exception {
        Monitor monitor = monitor("big page", "http", Map.of("url", "https://big.example.com/", "method", "GET"));
        String notRun = "not run: no room in the body budget within the timeout";
        for (CheckResult result : List.of(
                CheckResult.checked(
                        "job-1",
                        monitor.getId(),
                        "default",
                        "w",
                        Status.FAILED,
                        "connection refused",
                        3,
                        1_700_000_000_000L),
                CheckResult.abstained(
                        "job-2", monitor.getId(), "default", "w", Status.FAILED, notRun, 0, 1_700_000_001_000L))) {
            redis.connection().sync().lpush(RedisKeys.recent(monitor.getId()), MessageCodec.toJson(result));
        }

        String page = page("/monitors/" + monitor.getId());
        assertThat(rowOf(page, notRun)).contains("NOT COUNTED").doesNotContain(">FAILED<");
        assertThat(rowOf(page, "connection refused")).contains(">FAILED<").doesNotContain("NOT COUNTED");
    }

    /** The table row of {@code html} that holds {@code text}. */
    private static String rowOf(String html, String text) {
        int at = html.indexOf(text);
        assertThat(at).as("a row with %s", text).isNotNegative();
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }

    @Test
    void theNewMonitorChooserGroupsTypesCommonestFirstWithADescriptionEach() throws Exception {
        String chooser = page("/monitors/new");
        assertThat(chooser)
                .contains("Websites and network services")
                .contains("Databases")
                .contains("Requests a URL and checks the status code");
        int http = chooser.indexOf("type=http\"");
        int tcp = chooser.indexOf("type=tcp\"");
        int dns = chooser.indexOf("type=dns\"");
        int postgres = chooser.indexOf("type=postgres\"");
        int heartbeat = chooser.indexOf("type=heartbeat\"");
        int alertmanager = chooser.indexOf("type=alertmanager\"");
        assertThat(http).isPositive().isLessThan(tcp);
        assertThat(tcp).isLessThan(dns);
        assertThat(dns).isLessThan(postgres);
        assertThat(postgres).isLessThan(heartbeat);
        assertThat(heartbeat).isLessThan(alertmanager);

        String reactionChooser = page("/reactions/new");
        assertThat(reactionChooser)
                .contains("Tell people")
                .contains("Move traffic away")
                .contains("Emails people about the change");
        assertThat(reactionChooser.indexOf("type=email\""))
                .isPositive()
                .isLessThan(reactionChooser.indexOf("type=route53\""));
    }
}
