package io.cloudroutes.crweb.webhook;

import static io.cloudroutes.crweb.webhook.PushedMonitors.datadogPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.HtmlUtils;

/**
 * Every delivery to a pushed monitor leaves a trace the owner can read on the monitor's page and through the API,
 * including those that changed nothing; secrets never do. Also what the push panel gives to paste into the sender.
 * Real PostgreSQL and Redis.
 */
@CrwebIntegrationTest
class DeliveryLogTest {

    static final String PUBLIC_URL = CrwebIntegrationTest.PUBLIC_URL;

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    LiveRedis liveRedis;

    RedisCommands<String, String> redis;
    PushedMonitors monitors;
    UserAccount owner;
    RequestPostProcessor ownerLogin;

    @BeforeEach
    void anOwner() {
        redis = liveRedis.connection().sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        ownerLogin = user(accounts.loadUserByUsername(owner.getEmail()));
        monitors = new PushedMonitors(mvc, ownerLogin, redis);
    }

    private ResultActions datadog(long monitorId, String secret, String body) throws Exception {
        return mvc.perform(post("/api/v1/webhooks/datadog/" + monitorId)
                .header("X-CloudRoutes-Secret", secret)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private String page(long monitorId) throws Exception {
        return mvc.perform(get("/monitors/" + monitorId).with(ownerLogin))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /** The rows of the page's "Recent deliveries" table, as text, newest first. */
    private static String deliveriesTable(String page) {
        int start = page.indexOf("<table id=\"deliveries\">");
        assertThat(start).as("the page has a deliveries table").isNotNegative();
        return page.substring(start, page.indexOf("</table>", start));
    }

    /** Signs up as the owner's API client: creates a key on the API keys page, as a person would. */
    private String apiKey(RequestPostProcessor login) throws Exception {
        return TestInfrastructure.apiKey(mvc, login);
    }

    @Test
    void everyDeliveryIsShownWithWhatBecameOfItAlsoThoseThatChangedNothing() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of("warnAs", "IGNORE"));
        datadog(monitor.id(), monitor.secret(), datadogPayload("501", "Triggered"))
                .andExpect(status().isAccepted());
        datadog(monitor.id(), monitor.secret(), datadogPayload("501", "Triggered"))
                .andExpect(status().isOk());
        datadog(monitor.id(), monitor.secret(), datadogPayload("502", "Warn")).andExpect(status().isOk());
        datadog(monitor.id(), monitor.secret(), datadogPayload("503", "Escalated"))
                .andExpect(status().isOk());
        datadog(monitor.id(), monitor.secret(), "{\"id\":\"504\"").andExpect(status().isBadRequest());
        datadog(monitor.id(), "crw_wrong", datadogPayload("505", "Recovered")).andExpect(status().isUnauthorized());

        String table = deliveriesTable(page(monitor.id()));
        assertThat(table.split("<tr>")).hasSize(1 + 1 + 6); // before the header, the header, six deliveries
        assertThat(table)
                .contains("<span class=\"delivery ACCEPTED\">accepted</span>")
                .contains("<span class=\"delivery DUPLICATE\">duplicate</span>")
                .contains("<span class=\"delivery IGNORED\">ignored</span>")
                .contains("<span class=\"delivery UNRECOGNIZED\">not recognised</span>")
                .contains("<span class=\"delivery REFUSED\">refused</span>")
                .contains("<td>Triggered</td>")
                .contains("<td>Warn</td>")
                .contains("<td>Escalated</td>")
                .contains("delivery 501 was recorded before")
                .contains("Warn is ignored: this monitor&#39;s setting warnAs is IGNORE")
                .contains("invalid_payload: the body is not valid JSON")
                .contains("invalid_secret: no monitor " + monitor.id() + " with this secret")
                .contains("<code>127.0.0.1</code>")
                // the malformed body of the authenticated sender is kept, to see what it sent
                .contains(HtmlUtils.htmlEscape("{\"id\":\"504\""));
        // newest first
        assertThat(table.indexOf("invalid_secret")).isLessThan(table.indexOf("<td>Escalated</td>"));
        assertThat(table.indexOf("<td>Escalated</td>")).isLessThan(table.indexOf("<td>Warn</td>"));
    }

    @Test
    void theApiListsTheDeliveriesOfTheOwnersMonitorsOnly() throws Exception {
        PushedMonitors.Created monitor = monitors.create("webhook", Map.of());
        mvc.perform(get("/api/v1/webhooks/generic/" + monitor.id() + "/" + monitor.secret() + "/failed"))
                .andExpect(status().isAccepted());
        String key = apiKey(ownerLogin);
        mvc.perform(get("/api/v1/monitors/" + monitor.id() + "/deliveries").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.available").value(true))
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].outcome").value("ACCEPTED"))
                .andExpect(jsonPath("$.items[0].httpStatus").value(202))
                .andExpect(jsonPath("$.items[0].transition").value("failed"))
                .andExpect(jsonPath("$.items[0].detail").value("FAILED: reported failed by webhook"))
                .andExpect(jsonPath("$.items[0].sender").value("127.0.0.1"))
                .andExpect(jsonPath("$.items[0].at").isString());

        UserAccount stranger = users.save(new UserAccount("other-" + UUID.randomUUID() + "@example.com", "x"));
        String strangersKey = apiKey(user(accounts.loadUserByUsername(stranger.getEmail())));
        mvc.perform(get("/api/v1/monitors/" + monitor.id() + "/deliveries")
                        .header("Authorization", "Bearer " + strangersKey))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/monitors/" + monitor.id() + "/deliveries")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/openapi.json"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/api/v1/monitors/{id}/deliveries")));
    }

    @Test
    void noSecretIsEverKeptNeitherInABodyFieldNorInTheTextNorFromAHeader() throws Exception {
        PushedMonitors.Created monitor = monitors.create("webhook", Map.of());
        PushedMonitors.Created other = monitors.create("webhook", Map.of());
        mvc.perform(post("/api/v1/webhooks/generic/" + monitor.id())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\":\"failed\",\"secret\":\"" + monitor.secret() + "\",\"reason\":\"see "
                                + other.secret() + "\",\"nested\":{\"Secret\":\"hunter2\"}}"))
                .andExpect(status().isAccepted());
        mvc.perform(post("/api/v1/webhooks/generic/" + monitor.id())
                        .header("Authorization", "Bearer " + monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\":\"healthy\",\"secret\": \"typed-by-hand\""))
                .andExpect(status().isBadRequest());

        String stored = String.join("\n", redis.lrange(RedisKeys.deliveries(monitor.id()), 0, -1));
        assertThat(stored)
                .contains("(hidden)")
                .doesNotContain(monitor.secret())
                .doesNotContain(other.secret())
                .doesNotContain("hunter2")
                .doesNotContain("typed-by-hand")
                .doesNotContain("Bearer");
        assertThat(page(monitor.id()))
                .doesNotContain(monitor.secret())
                .doesNotContain(other.secret())
                .doesNotContain("hunter2");
    }

    @Test
    void aStrangersDeliveryIsLoggedWithoutItsBodyAndCannotPushTheRealOnesOut() throws Exception {
        PushedMonitors.Created monitor = monitors.create("webhook", Map.of());
        mvc.perform(post("/api/v1/webhooks/generic/" + monitor.id())
                        .header("X-CloudRoutes-Secret", monitor.secret())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\":\"failed\",\"reason\":\"real\"}"))
                .andExpect(status().isAccepted());
        for (int i = 0; i < 60; i++) {
            mvc.perform(post("/api/v1/webhooks/generic/" + monitor.id())
                            .header("X-CloudRoutes-Secret", "crw_guess" + i)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"status\":\"healthy\",\"reason\":\"click evil.example\"}"))
                    .andExpect(status().isUnauthorized());
        }
        String table = deliveriesTable(page(monitor.id()));
        assertThat(table).contains("FAILED: real").contains("invalid_secret").doesNotContain("evil.example");
        // the real delivery, and the latest 50 refusals of strangers
        assertThat(table.split("<tr>")).hasSize(1 + 1 + 1 + 50);

        long absent = monitor.id() + 100_000;
        mvc.perform(post("/api/v1/webhooks/generic/" + absent)
                        .header("X-CloudRoutes-Secret", "crw_guess")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\":\"failed\"}"))
                .andExpect(status().isUnauthorized());
        assertThat(redis.exists(RedisKeys.deliveries(absent), RedisKeys.refusedDeliveries(absent)))
                .isZero();
    }

    @Test
    void heartbeatPingsAreLoggedLikeAPingLog() throws Exception {
        PushedMonitors.Created monitor = monitors.create("heartbeat", Map.of());
        mvc.perform(post("/ping/" + monitor.secret()).content("backup done, 3 GB"))
                .andExpect(status().isOk());
        mvc.perform(get("/ping/" + monitor.secret() + "/3")).andExpect(status().isOk());
        mvc.perform(get("/ping/" + monitor.secret() + "/300")).andExpect(status().isBadRequest());
        mvc.perform(get("/ping/crw_not-a-secret")).andExpect(status().isNotFound());

        String table = deliveriesTable(page(monitor.id()));
        assertThat(table.split("<tr>")).hasSize(1 + 1 + 3);
        assertThat(table)
                .contains("<td>success</td>")
                .contains("HEALTHY: ping received")
                .contains("backup done, 3 GB")
                .contains("<td>exit code 3</td>")
                .contains("FAILED: exit code 3")
                .contains("<td>exit code 300</td>")
                .contains("exit code must be between 0 and 255");
    }

    @Test
    void deletingAMonitorForgetsItsDeliveries() throws Exception {
        PushedMonitors.Created monitor = monitors.create("webhook", Map.of());
        mvc.perform(get("/api/v1/webhooks/generic/" + monitor.id() + "/" + monitor.secret() + "/failed"))
                .andExpect(status().isAccepted());
        mvc.perform(post("/api/v1/webhooks/generic/" + monitor.id())
                .header("X-CloudRoutes-Secret", "crw_guess")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"status\":\"failed\"}"));
        assertThat(redis.exists(RedisKeys.deliveries(monitor.id()), RedisKeys.refusedDeliveries(monitor.id())))
                .isEqualTo(2);

        mvc.perform(post("/monitors/" + monitor.id() + "/delete").with(csrf()).with(ownerLogin))
                .andExpect(status().is3xxRedirection());
        assertThat(redis.exists(RedisKeys.deliveries(monitor.id()), RedisKeys.refusedDeliveries(monitor.id())))
                .isZero();
    }

    // --- what the push panel gives to paste into the sender (issue 8, item 13)

    @Test
    void theDatadogPanelShowsThePayloadTemplateTheEndpointReadsAndTheDocsShowTheSame() throws Exception {
        PushedMonitors.Created monitor = monitors.create("datadog", Map.of("warnAs", "IGNORE"));
        String template = """
                {
                  "id": "$ID",
                  "alert_transition": "$ALERT_TRANSITION",
                  "alert_type": "$ALERT_TYPE",
                  "title": "$EVENT_TITLE",
                  "body": "$EVENT_MSG",
                  "link": "$LINK"
                }""";
        String shownOnce = mvc.perform(
                        get("/monitors/" + monitor.id()).with(ownerLogin).flashAttrs(monitor.flash()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(shownOnce)
                .contains("<pre id=\"datadog-payload\">" + HtmlUtils.htmlEscape(template) + "</pre>")
                .contains(HtmlUtils.htmlEscape("{\"X-CloudRoutes-Secret\": \"" + monitor.secret() + "\"}"));
        assertThat(page(monitor.id()))
                .contains(HtmlUtils.htmlEscape("{\"X-CloudRoutes-Secret\": \"<secret>\"}"))
                .doesNotContain(monitor.secret());
        // the docs show the same template (indented in a list there)
        assertThat(Files.readString(Path.of("../docs/webhooks/datadog.md")).replaceAll("(?m)^ +", ""))
                .contains(template.replaceAll("(?m)^ +", ""));

        // what the template becomes once Datadog filled it in is exactly what the endpoint reads
        String filled = template.replace("$ID", "601")
                .replace("$ALERT_TRANSITION", "Triggered")
                .replace("$ALERT_TYPE", "error")
                .replace("$EVENT_TITLE", "[Triggered] shop")
                .replace("$EVENT_MSG", "%%%\\nslow\\n%%%")
                .replace("$LINK", "https://app.datadoghq.com/monitors/9");
        datadog(monitor.id(), monitor.secret(), filled)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.reason")
                        .value("Datadog Triggered: [Triggered] shop - slow "
                                + "(https://app.datadoghq.com/monitors/9)"));
    }

    @Test
    void theAlertmanagerPanelShowsTheReceiverToAddWithThisMonitorsUrl() throws Exception {
        PushedMonitors.Created monitor = monitors.create("alertmanager", Map.of());
        assertThat(page(monitor.id()))
                .contains("<pre id=\"alertmanager-config\">")
                .contains("- name: cloudroutes-" + monitor.id())
                .contains("- url: " + PUBLIC_URL + "/api/v1/webhooks/alertmanager/" + monitor.id())
                .contains("send_resolved: true")
                .contains("credentials_file: /etc/alertmanager/cloudroutes-" + monitor.id() + ".secret");
    }

    @Test
    void secretsAndUrlsHaveCopyButtonsWhoseScriptIsServed() throws Exception {
        PushedMonitors.Created monitor = monitors.create("webhook", Map.of());
        String shownOnce = mvc.perform(
                        get("/monitors/" + monitor.id()).with(ownerLogin).flashAttrs(monitor.flash()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(shownOnce)
                .contains("<script src=\"/js/copy.js\" defer></script>")
                .contains("<code id=\"push-secret-value\">" + monitor.secret() + "</code>")
                .contains("data-copy-target=\"push-secret-value\"")
                .contains("data-copy-target=\"push-secret-url-0\"")
                .contains("data-copy-target=\"push-url-0\"");
        MvcResult key = mvc.perform(
                        post("/account/api-keys").with(csrf()).with(ownerLogin).param("name", "ci"))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        mvc.perform(get("/account/api-keys").with(ownerLogin).flashAttrs(key.getFlashMap()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"new-key-value\"")))
                .andExpect(content().string(containsString("data-copy-target=\"new-key-value\"")));
        // served to anyone, so that the login page's layout can load it too
        mvc.perform(get("/js/copy.js"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("navigator.clipboard")))
                .andExpect(content().string(not(containsString("<html"))));
    }
}
