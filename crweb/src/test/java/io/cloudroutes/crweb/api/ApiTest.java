package io.cloudroutes.crweb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.core.Limits;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API v1 against real PostgreSQL and Redis: keys, CRUD, errors, scoping, history, the OpenAPI document. */
@SpringBootTest(classes = CrwebApplication.class, properties = "spring.config.name=crweb")
@AutoConfigureMockMvc
class ApiTest {

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
    OutboxRepository outbox;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    io.cloudroutes.core.secret.SecretBox secretBox;

    String aliceKey;
    String bobKey;

    @BeforeEach
    void twoUsersWithKeys() throws Exception {
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

    private MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key).contentType(MediaType.APPLICATION_JSON);
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    private static final String TCP_MONITOR = """
            {"name":"db","checkType":"tcp","intervalSeconds":30,"timeoutSeconds":5,
             "zones":["default"],"settings":{"host":"db.internal","port":"5432"}}""";

    private long createTcpMonitor(String key) throws Exception {
        return body(mvc.perform(as(key, post("/api/v1/monitors")).content(TCP_MONITOR))
                        .andExpect(status().isCreated())
                        .andReturn())
                .get("id")
                .asLong();
    }

    @Test
    void aMonitorCanBeCreatedReadChangedAndDeletedWithAnApiKey() throws Exception {
        long outboxBefore = outbox.count();
        long id = createTcpMonitor(aliceKey);
        assertThat(outbox.count()).isEqualTo(outboxBefore + 1);

        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("db"))
                .andExpect(jsonPath("$.checkType").value("tcp"))
                .andExpect(jsonPath("$.settings.port").value("5432"))
                .andExpect(jsonPath("$.failureThreshold").value(2))
                .andExpect(jsonPath("$.quorum").value("MAJORITY"));

        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + id))
                        .content("{\"intervalSeconds\":120,\"name\":\"db main\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.intervalSeconds").value(120))
                .andExpect(jsonPath("$.name").value("db main"))
                .andExpect(jsonPath("$.settings.host").value("db.internal"));

        mvc.perform(as(aliceKey, get("/api/v1/monitors?size=10")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(1))
                .andExpect(jsonPath("$.items[0].id").value(id));

        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + id + "/status")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UNKNOWN"));

        mvc.perform(as(aliceKey, delete("/api/v1/monitors/" + id))).andExpect(status().isNoContent());
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + id)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        assertThat(monitors.findById(id)).isEmpty();
    }

    @Test
    void invalidInputIsRefusedFieldByFieldAndChangesNothing() throws Exception {
        long monitorsBefore = monitors.count();
        long outboxBefore = outbox.count();
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("""
                        {"name":"","checkType":"http","intervalSeconds":1,"failureThreshold":0,
                         "settings":{"url":"not a url"}}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.fields.name").value("give the monitor a name"))
                .andExpect(jsonPath("$.fields.intervalSeconds").value(containsString("between")))
                .andExpect(jsonPath("$.fields.failureThreshold").value("between 1 and 100 failures in a row"))
                .andExpect(jsonPath("$.fields['settings.url']").value(containsString("URL")));

        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("{\"name\":\"x\",\"checkType\":\"smoke-signal\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.checkType").value(containsString("unknown check type 'smoke-signal'")));

        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("{\"name\":\"x\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.checkType").value(containsString("required")));
        assertThat(monitors.count()).isEqualTo(monitorsBefore);
        assertThat(outbox.count()).isEqualTo(outboxBefore);
    }

    @Test
    void unknownFieldsAndMalformedJsonAreRefusedWithTheirName() throws Exception {
        long before = monitors.count();
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("""
                        {"name":"db","checkType":"tcp","intervalSecs":30,"settings":{"host":"db","port":"5432"}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown_field"))
                .andExpect(jsonPath("$.fields.intervalSecs").value("unknown field"))
                .andExpect(jsonPath("$.message").value(containsString("intervalSeconds")));
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_json"));
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("{\"name\":\"db\",\"intervalSeconds\":\"often\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_value"))
                .andExpect(jsonPath("$.fields.intervalSeconds").exists());
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("""
                        {"name":"db","checkType":"tcp","quorum":"SOME","settings":{"host":"db","port":"5432"}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_value"))
                .andExpect(jsonPath("$.fields.quorum").value("expected one of ANY_HEALTHY, MAJORITY, ALL_HEALTHY"));
        mvc.perform(as(aliceKey, post("/api/v1/monitors"))
                        .content(TCP_MONITOR.replace("\"db\"", "\"db2\""))
                        .contentType(MediaType.TEXT_PLAIN))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported_media_type"));
        assertThat(monitors.count()).isEqualTo(before);
    }

    @Test
    void anotherPersonsMonitorIsNotFoundForEveryOperation() throws Exception {
        long id = createTcpMonitor(aliceKey);
        for (MockHttpServletRequestBuilder request : new MockHttpServletRequestBuilder[] {
            get("/api/v1/monitors/" + id), put("/api/v1/monitors/" + id).content("{\"name\":\"mine now\"}"),
            delete("/api/v1/monitors/" + id), get("/api/v1/monitors/" + id + "/status"),
            get("/api/v1/monitors/" + id + "/events"), get("/api/v1/monitors/" + id + "/reaction-runs"),
            put("/api/v1/monitors/" + id + "/override").content("{\"status\":\"FAILED\"}")
        }) {
            mvc.perform(as(bobKey, request))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("not_found"));
        }
        mvc.perform(as(bobKey, get("/api/v1/monitors")))
                .andExpect(jsonPath("$.totalItems").value(0));
        assertThat(monitors.findById(id)).get().satisfies(m -> {
            assertThat(m.getName()).isEqualTo("db");
            assertThat(m.getOverrideStatus()).isNull();
        });
    }

    @Test
    void reactionsAreManagedAndLinkedToMonitors() throws Exception {
        long monitorId = createTcpMonitor(aliceKey);
        JsonNode reaction =
                body(mvc.perform(as(aliceKey, post("/api/v1/reactions")).content("""
                        {"name":"page ops","reactionType":"webhook","callOn":"FAILED","triggerCount":2,
                         "settings":{"url":"https://hooks.example.com/ops"}}"""))
                        .andExpect(status().isCreated())
                        .andReturn());
        long reactionId = reaction.get("id").asLong();
        assertThat(reaction.get("triggerCount").asInt()).isEqualTo(2);

        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + monitorId + "/reactions/" + reactionId)))
                .andExpect(status().isNoContent());
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + monitorId + "/reactions")))
                .andExpect(jsonPath("$[0].id").value(reactionId))
                .andExpect(jsonPath("$[0].name").value("page ops"));
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + monitorId)))
                .andExpect(jsonPath("$.reactionIds[0]").value(reactionId));

        // Bob can neither see Alice's reaction nor attach it to his monitor.
        long bobsMonitor = createTcpMonitor(bobKey);
        mvc.perform(as(bobKey, get("/api/v1/reactions/" + reactionId))).andExpect(status().isNotFound());
        mvc.perform(as(bobKey, put("/api/v1/monitors/" + bobsMonitor + "/reactions/" + reactionId)))
                .andExpect(status().isNotFound());

        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + reactionId)).content("{\"callOn\":\"UNKNOWN\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(
                        jsonPath("$.fields.callOn")
                                .value(
                                        "a reaction runs on FAILED, HEALTHY or BOTH (both changes, for notifications), not 'UNKNOWN'"));

        mvc.perform(as(aliceKey, delete("/api/v1/monitors/" + monitorId + "/reactions/" + reactionId)))
                .andExpect(status().isNoContent());
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + monitorId + "/reactions")))
                .andExpect(content().json("[]"));
        mvc.perform(as(aliceKey, delete("/api/v1/reactions/" + reactionId))).andExpect(status().isNoContent());
        mvc.perform(as(aliceKey, get("/api/v1/reactions"))).andExpect(content().json("[]"));
    }

    /** The monitors whose Redis copy the bridge is asked to rewrite after outbox entry {@code afterId}. */
    private List<Long> upsertedAfter(long afterId) {
        return jdbc.queryForList(
                "select monitor_id from outbox where id > ? and operation = 'UPSERT' order by id", Long.class, afterId);
    }

    private long lastOutboxEntry() {
        return jdbc.queryForObject("select coalesce(max(id), 0) from outbox", Long.class);
    }

    @Test
    void changingAReactionsTriggerOrDeletingItHasTheBridgeRewriteEveryMonitorItIsAttachedTo() throws Exception {
        long checkout = createTcpMonitor(aliceKey);
        long search = createTcpMonitor(aliceKey);
        long unattached = createTcpMonitor(aliceKey);
        long reactionId = body(mvc.perform(
                                as(aliceKey, post("/api/v1/reactions")).content("""
                        {"name":"page ops","reactionType":"webhook","callOn":"FAILED","triggerCount":3,
                         "settings":{"url":"https://hooks.example.com/ops"}}"""))
                        .andExpect(status().isCreated())
                        .andReturn())
                .get("id")
                .asLong();
        for (long monitorId : List.of(checkout, search)) {
            mvc.perform(as(aliceKey, put("/api/v1/monitors/" + monitorId + "/reactions/" + reactionId)))
                    .andExpect(status().isNoContent());
        }

        // the monitors' definitions in Redis carry the trigger, at which the actioner records its decisions
        long before = lastOutboxEntry();
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + reactionId)).content("{\"triggerCount\":5}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.triggerCount").value(5));
        assertThat(upsertedAfter(before))
                .containsExactlyInAnyOrder(checkout, search)
                .doesNotContain(unattached);

        before = lastOutboxEntry();
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + reactionId)).content("{\"callOn\":\"HEALTHY\"}"))
                .andExpect(status().isOk());
        assertThat(upsertedAfter(before)).containsExactlyInAnyOrder(checkout, search);

        before = lastOutboxEntry();
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + reactionId)).content("{\"name\":\"page the team\"}"))
                .andExpect(status().isOk());
        assertThat(upsertedAfter(before))
                .as("a new name changes nothing the actioner folds with")
                .isEmpty();

        before = lastOutboxEntry();
        mvc.perform(as(aliceKey, delete("/api/v1/reactions/" + reactionId))).andExpect(status().isNoContent());
        assertThat(upsertedAfter(before)).containsExactlyInAnyOrder(checkout, search);
    }

    @Test
    void secretSettingsAreNeverReturnedAndKeptWhenLeftOut() throws Exception {
        MvcResult created = mvc.perform(as(aliceKey, post("/api/v1/monitors")).content("""
                        {"name":"orders db","checkType":"postgres","intervalSeconds":60,"timeoutSeconds":5,
                         "settings":{"host":"db.internal","database":"orders","user":"monitor",
                                     "password":"s3cret-value"}}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.secretSettings[0]").value("password"))
                .andExpect(jsonPath("$.settings.password").doesNotExist())
                .andReturn();
        assertThat(created.getResponse().getContentAsString()).doesNotContain("s3cret-value");
        long id = body(created).get("id").asLong();

        mvc.perform(
                        as(aliceKey, put("/api/v1/monitors/" + id))
                                .content(
                                        "{\"settings\":{\"host\":\"db2.internal\",\"database\":\"orders\",\"user\":\"monitor\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.settings.host").value("db2.internal"))
                .andExpect(content().string(not(containsString("s3cret-value"))));
        // encrypted at rest: the raw row holds no plain text, and the stored value still opens to what was given
        String row = jdbc.queryForObject("select settings from monitors where id = ?", String.class, id);
        assertThat(row).doesNotContain("s3cret-value").contains("db2.internal").contains("enc:v2:");
        assertThat(monitors.findById(id))
                .get()
                .satisfies(m -> assertThat(secretBox.open(
                                m.secretScope(), "password", m.getSettings().get("password")))
                        .isEqualTo("s3cret-value"));
    }

    @Test
    void aZoneTheOperatorDidNotListIsAFieldError() throws Exception {
        long before = monitors.count();
        mvc.perform(as(aliceKey, post("/api/v1/monitors"))
                        .content(TCP_MONITOR.replace("[\"default\"]", "[\"default\",\"eu-west\"]")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.zones")
                        .value("'eu-west' is not a zone of this installation: choose "
                                + "from default (the operator lists them in CLOUDROUTES_ZONES)"));
        assertThat(monitors.count()).isEqualTo(before);
        mvc.perform(as(aliceKey, get("/api/v1/zones")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0]").value("default"));
    }

    @Test
    void aMonitorMayNameTheMostZonesOfTheLongestNamesAndNoMore() throws Exception {
        // a pushed monitor names any zones: the schema holds the most of the longest names the limits let through
        List<String> zones = java.util.stream.IntStream.range(0, Limits.Zones.MOST)
                .mapToObj(i -> (i + "-" + "z".repeat(ZoneNames.MAX_LENGTH)).substring(0, ZoneNames.MAX_LENGTH))
                .toList();
        String monitor = """
                {"name":"pushed from far","checkType":"webhook","intervalSeconds":60,"timeoutSeconds":5,
                 "zones":%s}""";
        long id = body(mvc.perform(as(aliceKey, post("/api/v1/monitors"))
                                .content(monitor.formatted(json.writeValueAsString(zones))))
                        .andExpect(status().isCreated())
                        .andReturn())
                .get("id")
                .asLong();
        assertThat(monitors.findById(id).orElseThrow().getZoneList()).isEqualTo(zones);

        List<String> tooMany = new java.util.ArrayList<>(zones);
        tooMany.add("one-more");
        mvc.perform(as(aliceKey, post("/api/v1/monitors")).content(monitor.formatted(json.writeValueAsString(tooMany))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.zones").value("at most 10 zones"));
    }

    @Test
    void theHeadersOfAWebhookReactionAreSecretKeptWhenLeftOutAndClearedWithNull() throws Exception {
        MvcResult created = mvc.perform(as(aliceKey, post("/api/v1/reactions")).content("""
                        {"name":"hook","reactionType":"webhook","settings":{"url":"https://hooks.example.com/in",
                         "headers":"Authorization: Bearer hdr-t0ken\\nX-Team: sre"}}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.secretSettings[0]").value("headers"))
                .andExpect(jsonPath("$.settings.headers").doesNotExist())
                .andReturn();
        assertThat(created.getResponse().getContentAsString())
                .doesNotContain("hdr-t0ken")
                .doesNotContain("sre");
        long id = body(created).get("id").asLong();
        assertThat(jdbc.queryForObject("select settings from reactions where id = ?", String.class, id))
                .doesNotContain("hdr-t0ken");
        mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test")).content("{}"))
                .andExpect(jsonPath("$.request").value(containsString("Authorization: Bearer ****\nX-Team: ****")));

        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id))
                        .content("{\"settings\":{\"url\":\"https://hooks.example.com/v2\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.secretSettings[0]").value("headers"));
        mvc.perform(as(aliceKey, put("/api/v1/reactions/" + id))
                        .content("{\"settings\":{\"url\":\"https://hooks.example.com/v2\",\"headers\":null}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.secretSettings").isEmpty());
    }

    @Test
    void aReactionCanBeTestRunDryAndForRealAfterConfirmation() throws Exception {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hooks.createContext("/hooks/ops", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        try {
            String url = "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hooks/ops";
            long id = body(mvc.perform(as(aliceKey, post("/api/v1/reactions"))
                                    .content(
                                            "{\"name\":\"tell ops\",\"reactionType\":\"webhook\",\"settings\":{\"url\":\""
                                                    + url + "\",\"headers\":\"Authorization: Bearer hunter2\"}}"))
                            .andExpect(status().isCreated())
                            .andReturn())
                    .get("id")
                    .asLong();

            mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test")).content("{\"dryRun\":true}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.supported").value(true))
                    .andExpect(jsonPath("$.request").value(containsString("POST " + url)))
                    .andExpect(jsonPath("$.request").value(containsString("Authorization: Bearer ****")))
                    .andExpect(jsonPath("$.request").value(containsString("\"monitorName\":\"test run of tell ops\"")))
                    .andExpect(jsonPath("$.request").value(not(containsString("hunter2"))));
            assertThat(received).as("a dry run contacts nothing").isEmpty();

            mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test")).content("{\"dryRun\":false}"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.fields.confirm").value(containsString("\"confirm\": true")));
            assertThat(received).isEmpty();

            mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test"))
                            .content("{\"dryRun\":false,\"confirm\":true,\"direction\":\"HEALTHY\"}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.outcome").value("EXECUTED"))
                    .andExpect(jsonPath("$.output").value(containsString("HTTP 204")));
            assertThat(received).singleElement().asString().contains("\"to\":\"HEALTHY\"");
            mvc.perform(as(bobKey, post("/api/v1/reactions/" + id + "/test")).content("{}"))
                    .andExpect(status().isNotFound());
        } finally {
            hooks.stop(0);
        }
    }

    @Test
    void aTestRunConnectsThroughTheEgressGuardWhichRefusesCloudRoutesOwnRedis() throws Exception {
        String url = "http://127.0.0.1:" + infrastructure.redisPort() + "/";
        long id = body(mvc.perform(as(aliceKey, post("/api/v1/reactions"))
                                .content(
                                        "{\"name\":\"poke redis\",\"reactionType\":\"webhook\",\"settings\":{\"url\":\""
                                                + url + "\"}}"))
                        .andExpect(status().isCreated())
                        .andReturn())
                .get("id")
                .asLong();

        mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test"))
                        .content("{\"dryRun\":false,\"confirm\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("FAILED"))
                .andExpect(jsonPath("$.output")
                        .value("could not POST to " + url + ": 127.0.0.1:"
                                + infrastructure.redisPort() + " refused by the egress policy (CloudRoutes' own Redis);"
                                + " CloudRoutes' own endpoints are never allowed"));
    }

    @Test
    void aReactionsSecretIsEncryptedInItsRowAndNeverAnswered() throws Exception {
        String webhookUrl = "https://hooks.slack.com/services/T000/B000/XXXXsecretpart";
        MvcResult created = mvc.perform(as(aliceKey, post("/api/v1/reactions"))
                        .content("{\"name\":\"slack ops\",\"reactionType\":\"slack\",\"settings\":{\"webhookUrl\":\""
                                + webhookUrl + "\"}}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.secretSettings[0]").value("webhookUrl"))
                .andReturn();
        assertThat(created.getResponse().getContentAsString()).doesNotContain("secretpart");
        long id = body(created).get("id").asLong();
        String row = jdbc.queryForObject("select settings from reactions where id = ?", String.class, id);
        assertThat(row)
                .doesNotContain("secretpart")
                .doesNotContain("hooks.slack.com")
                .contains("enc:v2:");
        mvc.perform(as(aliceKey, post("/api/v1/reactions/" + id + "/test")).content("{}"))
                .andExpect(jsonPath("$.request").value(not(containsString("secretpart"))));
    }

    @Test
    void everyReactionTypeRefusesMissingRequiredSettingsFieldByFieldAndSavesNothing() throws Exception {
        long before = jdbc.queryForObject("select count(*) from reactions", Long.class);
        for (ReactionType type : ReactionType.registry().all()) {
            List<String> required = type.settings().stream()
                    .filter(s -> s.required() && s.defaultValue() == null)
                    .map(Setting::name)
                    .toList();
            var answer = mvc.perform(as(aliceKey, post("/api/v1/reactions"))
                    .content("{\"name\":\"x\",\"reactionType\":\"" + type.id() + "\",\"settings\":{}}"));
            if (required.isEmpty()) {
                continue;
            }
            answer.andExpect(status().isUnprocessableContent());
            for (String name : required) {
                answer.andExpect(jsonPath("$.fields['settings." + name + "']").isNotEmpty());
            }
        }
        long typesWithoutRequired = ReactionType.registry().all().stream()
                .filter(t -> t.settings().stream().noneMatch(s -> s.required() && s.defaultValue() == null))
                .count();
        assertThat(jdbc.queryForObject("select count(*) from reactions", Long.class))
                .isEqualTo(before + typesWithoutRequired);
        assertThat(ReactionType.registry().all())
                .extracting(ReactionType::id)
                .contains(
                        "route53",
                        "cloudflare",
                        "rfc2136",
                        "aws-ec2",
                        "digitalocean",
                        "ssh-command",
                        "haproxy",
                        "aws-elbv2",
                        "email",
                        "slack",
                        "pagerduty",
                        "webhook",
                        "http-request");
    }

    @Test
    void aMonitorCanBeHeldAndReleasedAndItsHistoryIsPaged() throws Exception {
        long id = createTcpMonitor(aliceKey);
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + id + "/override")).content("{\"status\":\"FAILED\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.override.status").value("FAILED"))
                .andExpect(jsonPath("$.override.by").value(containsString("(API)")));
        mvc.perform(as(aliceKey, put("/api/v1/monitors/" + id + "/override")).content("{\"status\":\"UNKNOWN\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.status").value(containsString("FAILED or HEALTHY")));
        mvc.perform(as(aliceKey, delete("/api/v1/monitors/" + id + "/override")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.override").doesNotExist());

        for (int i = 0; i < 3; i++) {
            events.save(new MonitorEvent(
                    id,
                    i % 2 == 0 ? Status.UNKNOWN : Status.FAILED,
                    i % 2 == 0 ? Status.FAILED : Status.HEALTHY,
                    "transition " + i,
                    "default",
                    java.time.Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i)));
        }
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + id + "/events?size=2")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(3))
                .andExpect(jsonPath("$.totalPages").value(2))
                .andExpect(jsonPath("$.items[0].reason").value("transition 2"))
                .andExpect(jsonPath("$.items[1].reason").value("transition 1"));
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + id + "/events?size=2&page=1")))
                .andExpect(jsonPath("$.items[0].reason").value("transition 0"));
        mvc.perform(as(aliceKey, get("/api/v1/monitors/" + id + "/events?size=1000")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.size").value("the page size is between 1 and 200"));
    }

    @Test
    void requestsWithoutAValidKeyAreRefusedAsJson() throws Exception {
        mvc.perform(get("/api/v1/monitors"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("Bearer")))
                .andExpect(jsonPath("$.code").value("unauthorized"));
        mvc.perform(get("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, "Bearer crk_not-a-key"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.message").value(containsString("not valid or was revoked")));
        // a browser session is not an API credential: the same session opens pages but not the API
        UserDetails alice =
                accounts.loadUserByUsername(users.findAll().getFirst().getEmail());
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(
                        UsernamePasswordAuthenticationToken.authenticated(alice, null, alice.getAuthorities())));
        mvc.perform(get("/monitors").session(session)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/monitors").session(session)).andExpect(status().isUnauthorized());
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnceAndKeysAreStoredOnlyAsHashes() throws Exception {
        JsonNode created =
                body(mvc.perform(as(aliceKey, post("/api/v1/api-keys")).content("{\"name\":\"deploy\"}"))
                        .andExpect(status().isCreated())
                        .andReturn());
        String key = created.get("key").asString();
        mvc.perform(as(key, get("/api/v1/monitors"))).andExpect(status().isOk());
        assertThat(jdbc.queryForObject(
                        "select count(*) from api_keys where key_hash = ? or prefix = ?", Long.class, key, key))
                .isZero();
        mvc.perform(as(aliceKey, get("/api/v1/api-keys")))
                .andExpect(jsonPath("$[*].name").value(hasItem("deploy")))
                .andExpect(content().string(not(containsString(key))));

        mvc.perform(as(bobKey, delete("/api/v1/api-keys/" + created.get("id").asLong())))
                .andExpect(status().isNotFound());
        mvc.perform(as(aliceKey, delete("/api/v1/api-keys/" + created.get("id").asLong())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.revokedAt").exists());
        mvc.perform(as(key, get("/api/v1/monitors"))).andExpect(status().isUnauthorized());
        mvc.perform(as(aliceKey, post("/api/v1/api-keys")).content("{\"name\":\"  \"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.name").value(containsString("give the key a name")));
    }

    @Test
    void anUnknownPathOrMethodIsAJsonError() throws Exception {
        mvc.perform(as(aliceKey, get("/api/v1/monitorz")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"))
                .andExpect(jsonPath("$.message").value(containsString("/api/v1/openapi.json")));
        mvc.perform(as(aliceKey, post("/api/v1/check-types")).content("{}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.code").value("method_not_allowed"));
        mvc.perform(as(aliceKey, get("/api/v1/monitors/abc")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.id").exists());
    }

    @Test
    void checkAndReactionTypesDescribeTheirSettings() throws Exception {
        mvc.perform(as(aliceKey, get("/api/v1/check-types")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == 'http')].settings[?(@.name == 'url')].required")
                        .value(hasItem(true)))
                .andExpect(jsonPath("$[?(@.id == 'tcp')].settings[?(@.name == 'port')].max")
                        .value(hasItem(65535)));
        mvc.perform(as(aliceKey, get("/api/v1/reaction-types")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(hasItem("email")));
    }

    @Test
    void theOpenApiDocumentIsValidAndDescribesTheApi() throws Exception {
        String document = mvc.perform(get("/api/v1/openapi.json"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        SwaggerParseResult parsed = new OpenAPIParser().readContents(document, null, null);
        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getInfo().getTitle()).isEqualTo("CloudRoutes API");
        assertThat(api.getPaths())
                .containsKeys(
                        "/api/v1/monitors",
                        "/api/v1/monitors/{id}",
                        "/api/v1/monitors/{id}/status",
                        "/api/v1/monitors/{id}/events",
                        "/api/v1/monitors/{id}/reaction-runs",
                        "/api/v1/monitors/{id}/override",
                        "/api/v1/monitors/{id}/reactions/{reactionId}",
                        "/api/v1/reactions",
                        "/api/v1/reactions/{id}",
                        "/api/v1/api-keys",
                        "/api/v1/check-types",
                        "/api/v1/reaction-types");
        assertThat(api.getPaths()
                        .get("/api/v1/monitors")
                        .getPost()
                        .getRequestBody()
                        .getContent()
                        .get("application/json")
                        .getSchema()
                        .get$ref())
                .endsWith("MonitorRequest");
        assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getScheme())
                .isEqualTo("bearer");
        assertThat(api.getComponents().getSchemas()).containsKeys("ApiError", "MonitorView", "StatusView");
        assertThat(api.getPaths().get("/api/v1/monitors/{id}").getGet().getResponses())
                .containsKey("404");
    }
}
