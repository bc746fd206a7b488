package io.cloudroutes.crweb.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.crweb.approval.HeldForApproval;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * API keys are read-only or read-write and may expire. A read-only key is refused on every write endpoint of the API,
 * found from crweb's own handler mappings so that an endpoint added later is covered without being listed here, and
 * changes nothing; it reads every read endpoint. An expired key is refused saying when it expired. Scope and expiry
 * are chosen on the API keys page and through the API, shown in both, and in the OpenAPI document.
 */
@CrwebIntegrationTest
@Import(TestClock.InPlace.class)
class ApiKeyScopesTest {

    static final Set<RequestMethod> WRITES =
            EnumSet.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestClock clock;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    RequestPostProcessor person;
    String readWrite;
    long monitorId;
    long reactionId;
    long keyId;
    long statusPageId;
    long windowId;
    long incidentId;
    long heldJobId;
    long runId;
    long replayId;

    @Autowired
    PlatformTransactionManager transactions;

    @BeforeEach
    void aPersonWithAMonitorAReactionAndAKey() throws Exception {
        String email = "ops-" + UUID.randomUUID() + "@example.com";
        users.save(new UserAccount(email, "x"));
        person = user(accounts.loadUserByUsername(email));
        readWrite = keyFromThePage("READ_WRITE", "", "");
        monitorId = body(mvc.perform(as(readWrite, post("/api/v1/monitors")).content("""
                {"name":"hooks","checkType":"webhook"}"""))
                        .andReturn())
                .get("id")
                .asLong();
        reactionId = body(mvc.perform(as(readWrite, post("/api/v1/reactions")).content("""
                {"name":"tell ops","reactionType":"email","settings":{"to":"ops@example.com"}}"""))
                        .andReturn())
                .get("id")
                .asLong();
        mvc.perform(
                as(readWrite, request(HttpMethod.PUT, "/api/v1/monitors/" + monitorId + "/reactions/" + reactionId)));
        keyId = body(mvc.perform(as(readWrite, get("/api/v1/api-keys"))).andReturn())
                .get(0)
                .get("id")
                .asLong();
        statusPageId = created("/api/v1/status-pages", """
                {"slug":"scopes-%s","title":"Scopes","groups":[{"name":"All","monitorIds":[%d]}]}""".formatted(
                        UUID.randomUUID().toString().substring(0, 8), monitorId));
        incidentId = created("/api/v1/status-pages/" + statusPageId + "/incidents", """
                {"title":"Checkout fails","state":"INVESTIGATING","body":"Looking into it."}""");
        windowId = created("/api/v1/maintenance-windows", """
                {"name":"upgrade","kind":"CRON","timeZone":"UTC","cron":"0 0 3 * * SUN","durationMinutes":60,
                 "monitorIds":[%d]}""".formatted(monitorId));
        // a run of the reaction held for approval, as the actioner holds one
        heldJobId = HeldForApproval.of(
                        jdbc,
                        transactions,
                        jdbc.queryForObject("select team_id from monitors where id = ?", Long.class, monitorId),
                        monitorId,
                        "hooks",
                        reactionId,
                        Instant.now().plusSeconds(600))
                .jobId();
        // a run of the monitor, as the actioner records one, and a replay of it, as the replay form records one
        runId = jdbc.queryForObject(
                "insert into reaction_runs (monitor_id, reaction_id, reaction_name, outcome, output, started_at, "
                        + "finished_at, attempts, restore) values (?, ?, 'hooks', 'EXECUTED', 'ran', now(), now(), 1, "
                        + "false) returning id",
                Long.class,
                monitorId,
                reactionId);
        replayId = jdbc.queryForObject(
                "insert into replay_requests (team_id, monitor_id, requested_by, requested_at, days, reaction_name, "
                        + "reaction_type, call_on, trigger_count, frequency_seconds, escalation_step, "
                        + "escalation_wait_seconds) select team_id, id, 'scopes', now(), 1, 'hooks', 'webhook', "
                        + "'FAILED', 1, 0, 1, 0 from monitors where id = ? returning id",
                Long.class,
                monitorId);
    }

    /** Creates a thing through the API with the read-write key; its id. */
    private long created(String collection, String content) throws Exception {
        MvcResult answer =
                mvc.perform(as(readWrite, post(collection)).content(content)).andReturn();
        assertThat(answer.getResponse().getStatus())
                .as(collection + ": " + answer.getResponse().getContentAsString())
                .isEqualTo(201);
        return body(answer).get("id").asLong();
    }

    /** Creates a key on the API keys page, as a person would; its value. */
    private String keyFromThePage(String scope, String expiresInDays, String expiresOn) throws Exception {
        MvcResult created = mvc.perform(post("/account/api-keys")
                        .with(csrf())
                        .with(person)
                        .param("name", "ci")
                        .param("scope", scope)
                        .param("expiresInDays", expiresInDays)
                        .param("expiresOn", expiresOn))
                .andReturn();
        assertThat(created.getResponse().getStatus())
                .as(created.getResponse().getContentAsString())
                .isEqualTo(302);
        return (String) created.getFlashMap().get("newKey");
    }

    private static MockHttpServletRequestBuilder as(String key, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON);
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    /** One method on one path pattern of the API. */
    record Endpoint(RequestMethod method, String pattern) {}

    /** Every endpoint of the REST API that crweb maps (webhooks aside: they take no API key), by method. */
    private List<Endpoint> apiEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/") || pattern.startsWith("/api/v1/webhooks/")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? EnumSet.allOf(RequestMethod.class) : methods) {
                    endpoints.add(new Endpoint(method, pattern));
                }
            }
        }
        return endpoints;
    }

    /** The pattern with each variable replaced by the id of this person's object it names. */
    private String path(String pattern) {
        Matcher variable = Pattern.compile("([^/]+)/\\{([^}]+)}").matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String collection = variable.group(1);
            long id = switch (variable.group(2)) {
                case "reactionId" -> reactionId;
                case "pageId" -> statusPageId;
                case "windowId" -> windowId;
                case "incidentId" -> incidentId;
                case "jobId" -> heldJobId;
                case "replayId" -> replayId;
                case "id" ->
                    switch (collection) {
                        case "reactions" -> reactionId;
                        case "api-keys" -> keyId;
                        case "reaction-runs" -> runId;
                        default -> monitorId;
                    };
                default ->
                    throw new IllegalStateException("a route with {" + variable.group(2)
                            + "}: teach this test which of the person's things it names: " + pattern);
            };
            variable.appendReplacement(path, collection + "/" + id);
        }
        return variable.appendTail(path).toString();
    }

    /** What the read-only key could have changed, as text. */
    private String everythingStored() {
        return List.of("monitors", "reactions", "monitor_reactions", "api_keys", "outbox").stream()
                .map(table -> table
                        + jdbc.queryForList("select * from " + table + " order by 1")
                                .toString())
                .reduce("", String::concat);
    }

    @Test
    void aReadOnlyKeyIsRefusedOnEveryWriteEndpointAndChangesNothing() throws Exception {
        String readOnly = keyFromThePage("READ_ONLY", "", "");
        List<Endpoint> writes = apiEndpoints().stream()
                .filter(e -> WRITES.contains(e.method()))
                // a configuration plan is a dry run: a read-only key may ask for one (ConfigApiTest)
                .filter(e -> !e.pattern().equals("/api/v1/config/plan"))
                .toList();
        assertThat(writes)
                .as("the write endpoints found in crweb's mappings")
                .contains(
                        new Endpoint(RequestMethod.POST, "/api/v1/monitors"),
                        new Endpoint(RequestMethod.POST, "/api/v1/reactions/{id}/test"),
                        new Endpoint(RequestMethod.POST, "/api/v1/monitors/{id}/push-secret"),
                        new Endpoint(RequestMethod.PUT, "/api/v1/monitors/{id}/override"),
                        new Endpoint(RequestMethod.POST, "/api/v1/api-keys"),
                        new Endpoint(RequestMethod.DELETE, "/api/v1/api-keys/{id}"));
        // its first use records when it was last used; after that, it must change nothing
        mvc.perform(as(readOnly, get("/api/v1/monitors")));
        String before = everythingStored();

        for (Endpoint write : writes) {
            String path = path(write.pattern());
            MvcResult answer = mvc.perform(as(
                                    readOnly,
                                    request(HttpMethod.valueOf(write.method().name()), path))
                            .content("{\"dryRun\":false,\"confirm\":true,\"status\":\"FAILED\",\"name\":\"x\"}"))
                    .andReturn();
            String what = write.method() + " " + path;
            assertThat(answer.getResponse().getStatus()).as(what).isEqualTo(403);
            JsonNode error = body(answer);
            assertThat(error.get("code").asString()).as(what).isEqualTo("read_only_key");
            assertThat(error.get("message").asString()).as(what).contains("this API key is read-only", what);
        }
        assertThat(everythingStored()).as("nothing changed").isEqualTo(before);

        // the same requests with a read-write key are not refused for their scope
        MvcResult held = mvc.perform(
                        as(readWrite, request(HttpMethod.PUT, "/api/v1/monitors/" + monitorId + "/override"))
                                .content("{\"status\":\"FAILED\"}"))
                .andReturn();
        assertThat(held.getResponse().getStatus())
                .as(held.getResponse().getContentAsString())
                .isEqualTo(200);
    }

    @Test
    void aReadOnlyKeyReadsEveryReadEndpoint() throws Exception {
        String readOnly = keyFromThePage("READ_ONLY", "", "");
        List<Endpoint> reads = apiEndpoints().stream()
                .filter(e -> e.method() == RequestMethod.GET)
                .toList();
        assertThat(reads)
                .contains(
                        new Endpoint(RequestMethod.GET, "/api/v1/monitors/{id}/status"),
                        new Endpoint(RequestMethod.GET, "/api/v1/api-keys"));
        for (Endpoint read : reads) {
            String path = path(read.pattern());
            MvcResult answer = mvc.perform(as(readOnly, get(path))).andReturn();
            assertThat(answer.getResponse().getStatus())
                    .as("GET " + path + ": " + answer.getResponse().getContentAsString())
                    .isEqualTo(200);
        }
    }

    @Test
    void anExpiredKeyIsRefusedSayingWhenItExpired() throws Exception {
        JsonNode created = body(mvc.perform(
                        as(readWrite, post("/api/v1/api-keys")).content("{\"name\":\"deploy\",\"expiresInDays\":1}"))
                .andReturn());
        Instant expiresAt = Instant.parse(created.get("expiresAt").asString());
        assertThat(expiresAt).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
        String key = created.get("key").asString();
        assertThat(mvc.perform(as(key, get("/api/v1/monitors")))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);

        clock.advance(Duration.ofDays(1));
        MvcResult refused = mvc.perform(as(key, get("/api/v1/monitors"))).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        JsonNode error = body(refused);
        assertThat(error.get("code").asString()).isEqualTo("key_expired");
        assertThat(error.get("message").asString())
                .isEqualTo("this API key expired at " + LoginThrottle.TIME.format(expiresAt)
                        + "; create a new one on the API keys page");
    }

    @Test
    void scopeAndExpiryAreChosenOnThePageAndShownThere() throws Exception {
        keyFromThePage("READ_ONLY", "30", "");
        LocalDate lastDay = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(60);
        keyFromThePage("READ_WRITE", "", lastDay.toString());
        String page = mvc.perform(get("/account/api-keys").with(person))
                .andReturn()
                .getResponse()
                .getContentAsString()
                .replaceAll("<[^>]+>", " ")
                .replaceAll("\\s+", " ");
        String in30Days = LoginThrottle.TIME
                .format(clock.instant().plus(Duration.ofDays(30)))
                .substring(0, 16);
        assertThat(page)
                .contains(
                        "ci crk_",
                        "read only",
                        in30Days + " UTC",
                        lastDay.plusDays(1) + " 00:00 UTC",
                        "read and write");

        MvcResult both = mvc.perform(post("/account/api-keys")
                        .with(csrf())
                        .with(person)
                        .param("name", "x")
                        .param("expiresInDays", "30")
                        .param("expiresOn", lastDay.toString()))
                .andReturn();
        assertThat(both.getResponse().getContentAsString())
                .contains("give the expiry as a date or as a number of " + "days, not both");
        MvcResult past = mvc.perform(post("/account/api-keys")
                        .with(csrf())
                        .with(person)
                        .param("name", "x")
                        .param("expiresOn", "2020-01-01"))
                .andReturn();
        assertThat(past.getResponse().getContentAsString()).contains("the expiry must be in the future");
    }

    @Test
    void theApiCreatesAndListsKeysWithScopeExpiryAndLastUse() throws Exception {
        Instant expiresAt = clock.instant().plus(Duration.ofDays(7));
        JsonNode created = body(mvc.perform(as(readWrite, post("/api/v1/api-keys"))
                        .content("{\"name\":\"grafana\",\"scope\":\"READ_ONLY\",\"expiresAt\":\"" + expiresAt + "\"}"))
                .andReturn());
        assertThat(created.get("scope").asString()).isEqualTo("READ_ONLY");
        assertThat(created.get("expiresAt").asString()).isEqualTo(expiresAt.toString());
        mvc.perform(as(created.get("key").asString(), get("/api/v1/monitors")));

        JsonNode listed =
                body(mvc.perform(as(readWrite, get("/api/v1/api-keys"))).andReturn());
        JsonNode grafana = null;
        for (JsonNode key : listed) {
            if (key.get("name").asString().equals("grafana")) {
                grafana = key;
            } else {
                assertThat(key.get("scope").asString()).isEqualTo("READ_WRITE");
                assertThat(key.has("expiresAt")).isFalse();
            }
        }
        assertThat(grafana.get("scope").asString()).isEqualTo("READ_ONLY");
        assertThat(grafana.get("expiresAt").asString()).isEqualTo(expiresAt.toString());
        assertThat(grafana.get("lastUsedAt").asString())
                .isEqualTo(clock.instant().toString());

        Map<String, String> refusals = Map.of(
                "{\"name\":\"x\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}",
                "expiresAt",
                "{\"name\":\"x\",\"expiresInDays\":0}",
                "expiresInDays",
                "{\"name\":\"x\",\"expiresInDays\":3651}",
                "expiresInDays",
                "{\"name\":\"x\",\"expiresInDays\":3,\"expiresAt\":\"" + expiresAt + "\"}",
                "expiresInDays");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            MvcResult answer = mvc.perform(
                            as(readWrite, post("/api/v1/api-keys")).content(refusal.getKey()))
                    .andReturn();
            assertThat(answer.getResponse().getStatus()).as(refusal.getKey()).isEqualTo(422);
            assertThat(body(answer).get("fields").has(refusal.getValue()))
                    .as(refusal.getKey())
                    .isTrue();
        }
        MvcResult badScope = mvc.perform(
                        as(readWrite, post("/api/v1/api-keys")).content("{\"name\":\"x\",\"scope\":\"ADMIN\"}"))
                .andReturn();
        assertThat(badScope.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(badScope).get("fields").get("scope").asString())
                .isEqualTo("expected one of READ_ONLY, " + "READ_WRITE");
    }

    @Test
    void keysMadeBeforeScopesStayReadWriteWithoutExpiry() throws Exception {
        long owner = users.findAll().getFirst().getId();
        String old = SecretTokens.generate("crk_");
        // a row as crweb wrote it before keys had a scope or an expiry
        jdbc.update(
                "with o as (select ?::bigint as id) insert into api_keys (team_id, owner_id, name, prefix, key_hash) "
                        + "select t.id, o.id, 'old', ?, ? from o join teams t on t.personal_of = o.id",
                owner,
                old.substring(0, 10),
                SecretTokens.hash(old));
        MvcResult created = mvc.perform(
                        as(old, post("/api/v1/monitors"))
                                .content(
                                        "{\"name\":\"db\",\"checkType\":\"tcp\",\"settings\":{\"host\":\"db.internal\",\"port\":\"5432\"}}"))
                .andReturn();
        assertThat(created.getResponse().getStatus())
                .as(created.getResponse().getContentAsString())
                .isEqualTo(201);
        JsonNode listed = body(mvc.perform(as(old, get("/api/v1/api-keys"))).andReturn());
        for (JsonNode key : listed) {
            if (key.get("name").asString().equals("old")) {
                assertThat(key.get("scope").asString()).isEqualTo("READ_WRITE");
                assertThat(key.has("expiresAt")).isFalse();
            }
        }
    }

    @Test
    void theOpenApiDocumentDescribesScopesExpiryAnd403OnEveryWrite() throws Exception {
        String document = mvc.perform(get("/api/v1/openapi.json"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        OpenAPI api = new OpenAPIParser().readContents(document, null, null).getOpenAPI();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> operation :
                    path.getValue().readOperationsMap().entrySet()) {
                boolean write = operation.getKey() != PathItem.HttpMethod.GET;
                assertThat(operation.getValue().getResponses().containsKey("403"))
                        .as(operation.getKey() + " " + path.getKey())
                        .isEqualTo(write);
                assertThat(operation.getValue().getResponses().get("401").getDescription())
                        .contains("expired");
            }
        }
        Schema<?> newKey = api.getComponents().getSchemas().get("NewKey");
        assertThat(newKey.getProperties()).containsKeys("name", "scope", "expiresAt", "expiresInDays");
        assertThat(newKey.getProperties().get("scope").getEnum()).containsExactlyInAnyOrder("READ_ONLY", "READ_WRITE");
        assertThat(api.getComponents().getSchemas().get("KeyView").getProperties())
                .containsKeys("scope", "expiresAt", "lastUsedAt");
        assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getDescription())
                .contains("READ_ONLY", "403 read_only_key", "401 key_expired");
    }
}
