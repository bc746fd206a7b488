package io.cloudroutes.crweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared crweb with two people who each made a key on the API keys page, Alice and Bob (new ones for each test),
 * and the requests they send with them: for tests of the REST API v1.
 */
@CrwebIntegrationTest
public abstract class PeopleWithApiKeys {

    protected static final TestInfrastructure infrastructure = TestInfrastructure.shared();

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected UserAccountRepository users;

    @Autowired
    protected UserDetailsService accounts;

    @Autowired
    protected MonitorRepository monitors;

    @Autowired
    protected OutboxRepository outbox;

    @Autowired
    protected MonitorEventRepository events;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected SecretBox secretBox;

    protected String aliceKey;
    protected String bobKey;

    @BeforeEach
    protected void twoUsersWithKeys() throws Exception {
        aliceKey = keyFor("alice-" + UUID.randomUUID() + "@example.com");
        bobKey = keyFor("bob-" + UUID.randomUUID() + "@example.com");
    }

    /** Signs up a person and creates a key on the API keys page, as a person would. */
    private String keyFor(String email) throws Exception {
        users.save(new UserAccount(email, "x"));
        String key = TestInfrastructure.apiKey(mvc, user(accounts.loadUserByUsername(email)));
        assertThat(key).startsWith("crk_").hasSizeGreaterThan(40);
        return key;
    }

    protected MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key).contentType(MediaType.APPLICATION_JSON);
    }

    protected JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    protected static final String TCP_MONITOR = """
            {"name":"db","checkType":"tcp","intervalSeconds":30,"timeoutSeconds":5,
             "zones":["default"],"settings":{"host":"db.internal","port":"5432"}}""";

    protected long createTcpMonitor(String key) throws Exception {
        return body(mvc.perform(as(key, post("/api/v1/monitors")).content(TCP_MONITOR))
                        .andExpect(status().isCreated())
                        .andReturn())
                .get("id")
                .asLong();
    }
}
