package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.MonitorRepository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** POST /api/v1/monitors/bulk against real PostgreSQL and Redis: all or nothing, scoped, counted against the quota. */
@SpringBootTest(
        classes = CrwebApplication.class,
        properties = {"spring.config.name=crweb", "cloudroutes.quota.monitors=" + BulkCreateApiTest.QUOTA})
@AutoConfigureMockMvc
class BulkCreateApiTest {

    static final int QUOTA = 300;

    static TestInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = TestInfrastructure.start(registry);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infrastructure.close();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    SecretBox secretBox;

    String aliceKey;
    String bobKey;

    @BeforeEach
    void twoUsersWithKeys() throws Exception {
        aliceKey = keyFor("alice-" + UUID.randomUUID() + "@example.com");
        bobKey = keyFor("bob-" + UUID.randomUUID() + "@example.com");
    }

    private String keyFor(String email) throws Exception {
        users.save(new UserAccount(email, "x"));
        return TestInfrastructure.apiKey(mvc, user(accounts.loadUserByUsername(email)));
    }

    private static MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key).contentType(MediaType.APPLICATION_JSON);
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    private static String tcp(int n) {
        return """
                {"name":"db %d","checkType":"tcp","intervalSeconds":30,"timeoutSeconds":5,"zones":["default"],
                 "settings":{"host":"db%d.internal","port":"5432"}}""".formatted(n, n);
    }

    private static String array(List<String> items) {
        return items.stream().collect(Collectors.joining(",", "[", "]"));
    }

    private static List<String> tcps(int count) {
        return IntStream.range(0, count)
                .mapToObj(BulkCreateApiTest::tcp)
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }

    private long monitorsOf(String key) throws Exception {
        return body(mvc.perform(as(key, get("/api/v1/monitors?size=1")))
                        .andExpect(status().isOk())
                        .andReturn())
                .get("totalItems")
                .asLong();
    }

    @Test
    void manyMonitorsAreCreatedInOrderListedAndEachHasItsOutboxEntry() throws Exception {
        int count = 120; // more than one JDBC batch and one block of sequence ids
        JsonNode created =
                body(mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content(array(tcps(count))))
                        .andExpect(status().isCreated())
                        .andReturn());

        assertThat(created.size()).isEqualTo(count);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertThat(created.get(i).get("name").asString()).isEqualTo("db " + i);
            assertThat(created.get(i).get("target").asString()).contains("db" + i + ".internal");
            ids.add(created.get(i).get("id").asLong());
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        JsonNode listed = body(mvc.perform(as(aliceKey, get("/api/v1/monitors?size=200")))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(listed.get("totalItems").asLong()).isEqualTo(count);
        List<Long> listedIds = new ArrayList<>();
        listed.get("items").forEach(monitor -> listedIds.add(monitor.get("id").asLong()));
        assertThat(listedIds).isEqualTo(ids);
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + ids.get(77))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("db 77"))
                .andExpect(jsonPath("$.settings.host").value("db77.internal"))
                .andExpect(jsonPath("$.intervalSeconds").value(30));
        // the bridge syncs each to Redis from its outbox entry, written in the same transaction
        for (long id : ids) {
            assertThat(count("select count(*) from outbox where monitor_id = ? and operation = 'UPSERT'", id))
                    .as("outbox entry of monitor %d", id)
                    .isEqualTo(1);
        }
    }

    @Test
    void oneInvalidItemIsNamedByIndexAndFieldAndNothingIsCreated() throws Exception {
        long outboxBefore = count("select count(*) from outbox");
        List<String> items = tcps(10);
        items.set(3, tcp(3).replace("\"intervalSeconds\":30", "\"intervalSeconds\":0"));
        items.set(7, """
                {"name":"","checkType":"http","settings":{"url":"not a url"}}""");
        items.set(8, "{\"name\":\"no type\"}");

        mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content(array(items)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.message").value(containsString("nothing was created")))
                .andExpect(jsonPath("$.errors[?(@.index == 3 && @.field == 'intervalSeconds')].message")
                        .value(hasItem(containsString("the interval is between"))))
                .andExpect(jsonPath("$.errors[?(@.index == 7 && @.field == 'name')].message")
                        .value(hasItem("give the monitor a name")))
                .andExpect(jsonPath("$.errors[?(@.index == 7 && @.field == 'settings.url')].message")
                        .value(hasItem(containsString("URL"))))
                .andExpect(jsonPath("$.errors[?(@.index == 8 && @.field == 'checkType')].message")
                        .value(hasItem(containsString("required"))))
                .andExpect(jsonPath("$.errors[?(@.index == 0)]").isEmpty());

        assertThat(monitorsOf(aliceKey)).isZero();
        assertThat(count("select count(*) from outbox")).isEqualTo(outboxBefore);
    }

    @Test
    void moreThanTheLimitPerRequestIsRefusedNamingTheLimit() throws Exception {
        mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content(array(tcps(1001))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString("between 1 and 1000 monitors")))
                .andExpect(jsonPath("$.message").value(containsString("1001")));
        mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content("[" + tcp(1) + ",null]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString("item 1 is null")));
        mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content("[]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString("between 1 and 1000 monitors")));
        assertThat(monitorsOf(aliceKey)).isZero();
    }

    @Test
    void aBatchThatWouldPassTheAccountsQuotaIsRefusedWholeWithTheQuotaError() throws Exception {
        mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content(array(tcps(QUOTA - 10))))
                .andExpect(status().isCreated());

        mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content(array(tcps(11))))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("quota_exceeded"))
                .andExpect(jsonPath("$.fields.quota").value("CLOUDROUTES_QUOTA_MONITORS"))
                .andExpect(jsonPath("$.message").value(containsString("you may add 10 more")));
        assertThat(monitorsOf(aliceKey)).isEqualTo(QUOTA - 10);

        mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content(array(tcps(10))))
                .andExpect(status().isCreated());
        assertThat(monitorsOf(aliceKey)).isEqualTo(QUOTA);
    }

    @Test
    void anotherPersonCannotSeeTheCreatedMonitors() throws Exception {
        JsonNode created =
                body(mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content(array(tcps(3))))
                        .andExpect(status().isCreated())
                        .andReturn());

        assertThat(monitorsOf(bobKey)).isZero();
        for (JsonNode monitor : created) {
            mvc.perform(as(bobKey, get("/api/v1/monitors/" + monitor.get("id").asLong())))
                    .andExpect(status().isNotFound());
        }
        assertThat(monitorsOf(aliceKey)).isEqualTo(3);
    }

    @Test
    void withoutAKeyOrWithMalformedJsonNothingIsCreated() throws Exception {
        mvc.perform(post("/api/v1/monitors/bulk")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(array(tcps(2))))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthorized"));
        mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk")).content("[" + tcp(1) + ",{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_json"))
                .andExpect(jsonPath("$.message").value(containsString("not the JSON this endpoint expects")));
        mvc.perform(as(aliceKey, post("/api/v1/monitors/bulk"))
                        .content("[" + tcp(1) + "," + tcp(2).replace("intervalSeconds", "intervalSecs") + "]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown_field"))
                .andExpect(jsonPath("$.fields['[1].intervalSecs']").value("unknown field"));
        assertThat(monitorsOf(aliceKey)).isZero();
    }

    @Test
    void secretsAreSealedAndPushedMonitorsGetTheirSecretAsInASingleCreate() throws Exception {
        MvcResult answer = mvc.perform(
                        as(aliceKey, post("/api/v1/monitors/bulk")).content("""
                        [{"name":"orders db","checkType":"postgres","intervalSeconds":60,"timeoutSeconds":5,
                          "settings":{"host":"db.internal","database":"orders","user":"monitor",
                                      "password":"s3cret-value"}},
                         {"name":"nightly backup","checkType":"heartbeat"}]"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$[0].secretSettings[0]").value("password"))
                .andExpect(jsonPath("$[0].settings.password").doesNotExist())
                .andExpect(jsonPath("$[0].pushSecret").doesNotExist())
                .andExpect(jsonPath("$[1].pushSecret").value(containsString("crw_")))
                .andReturn();
        assertThat(answer.getResponse().getContentAsString()).doesNotContain("s3cret-value");
        JsonNode created = body(answer);
        long database = created.get(0).get("id").asLong();
        String row = jdbc.queryForObject("select settings from monitors where id = ?", String.class, database);
        assertThat(row).doesNotContain("s3cret-value").contains("enc:v2:");
        assertThat(monitors.findById(database))
                .get()
                .satisfies(m -> assertThat(secretBox.open(
                                m.secretScope(), "password", m.getSettings().get("password")))
                        .isEqualTo("s3cret-value"));

        // the heartbeat's secret, answered once, is the one its ping endpoint accepts
        long heartbeat = created.get(1).get("id").asLong();
        String secret = created.get(1).get("pushSecret").asString();
        assertThat(count("select count(*) from monitors where id = ? and push_secret_hash is not null", heartbeat))
                .isEqualTo(1);
        mvc.perform(post("/ping/" + secret)).andExpect(status().isOk());
    }
}
