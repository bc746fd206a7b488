package io.cloudroutes.crweb.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.SharedServers;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * crweb served on a random port of 127.0.0.1 without CLOUDROUTES_PUBLIC_URL (a context of its own on the shared
 * servers): the links it prints point where it is really served.
 */
@SpringBootTest(
        classes = CrwebApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=crweb", "server.address=127.0.0.1"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = SharedServers.class)
class LinksWhereServedTest {

    @Autowired
    TeamRepository teamRepository;

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
        Monitor monitor = new Monitor(teamRepository.personalTeamIdOf(account.getId()), account.getId(), name, type);
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
        ReactionConfig mail = new ReactionConfig(
                teamRepository.personalTeamIdOf(account.getId()), account.getId(), "tell ops", "email");
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
}
