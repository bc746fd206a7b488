package io.cloudroutes.crweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * crweb served on a random port of 127.0.0.1 without CLOUDROUTES_PUBLIC_URL, with real PostgreSQL and Redis: the
 * links it prints point where it is really served, and its pages say what each monitor checks.
 */
@SpringBootTest(
        classes = CrwebApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=crweb", "server.address=127.0.0.1"})
@AutoConfigureMockMvc
class LinksAndPagesTest {

    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionConfigRepository reactions;

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

    private String servedAt() {
        return "http://127.0.0.1:" + port;
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
        Monitor monitor = new Monitor(account.getId(), name, type);
        monitor.setSettings(settings);
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        return monitors.save(monitor);
    }

    @Test
    void pushEndpointsInTheApiAnswerAndOnTheMonitorPagePointWhereTheUiIsServed() throws Exception {
        JsonNode created = api(post("/api/v1/monitors"), "{\"name\":\"dd\",\"checkType\":\"datadog\"}");
        long id = created.get("id").asLong();
        String expected = servedAt() + "/api/v1/webhooks/datadog/" + id;

        assertThat(created.get("pushEndpoints").get(0).get("url").asString()).isEqualTo(expected);
        assertThat(api(get("/api/v1/monitors/" + id), "")
                        .get("pushEndpoints")
                        .get(0)
                        .get("url")
                        .asString())
                .isEqualTo(expected);
        assertThat(page("/monitors/" + id)).contains(expected).doesNotContain("localhost:8080");
    }

    @Test
    void aDryRunLinksToTheRealMonitorPageWhereTheUiIsServed() throws Exception {
        Monitor shop = monitor("shop", "tcp", Map.of("host", "shop.internal", "port", "443"));
        ReactionConfig mail = new ReactionConfig(account.getId(), "tell ops", "email");
        mail.setSettings(Map.of("to", "ops@example.com"));
        mail = reactions.save(mail);
        shop.setReactions(Set.of(mail));
        monitors.save(shop);

        JsonNode run = api(post("/api/v1/reactions/" + mail.getId() + "/test"), "{}");

        assertThat(run.get("monitorId").asLong()).isEqualTo(shop.getId());
        assertThat(run.get("monitorName").asString()).isEqualTo("shop");
        assertThat(run.get("request").asString())
                .contains(servedAt() + "/monitors/" + shop.getId())
                .doesNotContain("/monitors/0")
                .doesNotContain("localhost:8080");
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

    @Test
    void savingAndDeletingAMonitorSaysSoOnTheNextPage() throws Exception {
        MvcResult created = mvc.perform(post("/monitors")
                        .with(csrf())
                        .with(person)
                        .param("name", "api")
                        .param("checkType", "tcp")
                        .param("intervalSeconds", "30")
                        .param("timeoutSeconds", "5")
                        .param("failThreshold", "2")
                        .param("recoverThreshold", "1")
                        .param("zones", "default")
                        .param("quorum", "MAJORITY")
                        .param("enabled", "true")
                        .param("settings[host]", "api.internal")
                        .param("settings[port]", "443"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", "Created monitor api."))
                .andReturn();
        String location = created.getResponse().getRedirectedUrl();
        String shown = mvc.perform(get(location).with(person).flashAttrs(created.getFlashMap()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(shown).contains("id=\"flash\"").contains("Created monitor api.");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

        mvc.perform(post("/monitors/" + id + "/delete").with(csrf()).with(person))
                .andExpect(redirectedUrl("/monitors"))
                .andExpect(flash().attribute("notice", "Deleted monitor api and its history."));
    }

    @Test
    void savingAReactionSaysSo() throws Exception {
        mvc.perform(post("/reactions")
                        .with(csrf())
                        .with(person)
                        .param("name", "mail ops")
                        .param("reactionType", "email")
                        .param("callOn", "FAILED")
                        .param("triggerCount", "1")
                        .param("frequencySeconds", "0")
                        .param("settings[to]", "ops@example.com"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", org.hamcrest.Matchers.startsWith("Created reaction mail ops.")));
    }

    @Test
    void theDocumentationIsServedInsideTheUiWithItsLinksWorking() throws Exception {
        String index = mvc.perform(get("/docs/"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(index).contains("href=\"/docs/architecture.md\"").contains("href=\"/docs/checks/http.md\"");
        String checks = mvc.perform(get("/docs/checks.md"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        // relative links stay relative, so they resolve under /docs/ as in the repository
        assertThat(checks).contains("<table>").contains("href=\"checks/http.md\"");
        mvc.perform(get("/docs/checks/http.md")).andExpect(status().isOk());
        mvc.perform(get("/docs/webhooks/")).andExpect(status().isOk());
        String semantics = mvc.perform(get("/docs/monitoring-semantics.md"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(semantics).contains("id=\"reactions\"");
    }

    @Test
    void nothingOutsideTheDocumentationCanBeReadThroughIt() throws Exception {
        for (String path : new String[] {
            "/docs/nope.md",
            "/docs/../crweb.properties",
            "/docs/%2e%2e/crweb.properties",
            "/docs/..%2Fcrweb.properties",
            "/docs/application.properties",
            "/docs/checks/../../pom.xml"
        }) {
            int status = mvc.perform(get(path)).andReturn().getResponse().getStatus();
            assertThat(status).as(path).isIn(400, 404);
        }
    }

    @Test
    void theApiReferenceIsAReadablePageBesideItsDocument() throws Exception {
        mvc.perform(get("/swagger-ui.html")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
        String config = mvc.perform(get("/api/v1/openapi.json/swagger-config"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(config).contains("/api/v1/openapi.json");
        assertThat(page("/account/api-keys"))
                .contains("href=\"/swagger-ui.html\"")
                .contains("Authorize");
    }
}
