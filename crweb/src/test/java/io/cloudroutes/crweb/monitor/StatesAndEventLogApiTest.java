package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET /api/v1/states and GET /api/v1/events against real PostgreSQL and Redis: the state of each of your monitors
 * with the time and reason of its last change, the event log newest first and paged, never another person's
 * monitors, and bad query parameters answered field by field.
 */
@CrwebIntegrationTest
class StatesAndEventLogApiTest {

    static final TestInfrastructure infrastructure = TestInfrastructure.shared();

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccountRepository users;

    @Autowired
    UserDetailsService accounts;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    JsonMapper json;

    String aliceKey;
    String bobKey;

    @BeforeEach
    void twoPeopleWithKeys() throws Exception {
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

    private long monitor(String key, String name) throws Exception {
        String created = mvc.perform(as(key, post("/api/v1/monitors")).content("""
                        {"name":"%s","checkType":"tcp","intervalSeconds":30,"timeoutSeconds":5,"zones":["default"],
                         "settings":{"host":"db.internal","port":"5432"}}""".formatted(name)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(created).get("id").asLong();
    }

    private MonitorEvent event(long monitorId, Status from, Status to, String reason, Instant at) {
        return events.save(new MonitorEvent(monitorId, from, to, reason, "default", at));
    }

    private JsonNode read(String key, String path) throws Exception {
        return json.readTree(mvc.perform(as(key, get(path)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    /** Writes the live state of a monitor as the actioner does. */
    private static void liveState(long monitorId, Map<String, String> fields) {
        RedisClient client = RedisClient.create(infrastructure.redisUrl(TestRedis.CRBRIDGE));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().hset(RedisKeys.state(monitorId), fields);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void statesGiveEachOfYourMonitorsItsStatusAndTheTimeAndReasonOfItsLastChange() throws Exception {
        long checkout = monitor(aliceKey, "checkout");
        long search = monitor(aliceKey, "search");
        long fresh = monitor(aliceKey, "fresh");
        long bobs = monitor(bobKey, "bob's db");
        Instant healthyAt = Instant.parse("2026-12-01T10:00:00Z");
        Instant failedAt = Instant.parse("2026-12-01T10:05:00Z");
        event(checkout, Status.UNKNOWN, Status.HEALTHY, "connected in 3 ms", healthyAt);
        event(checkout, Status.HEALTHY, Status.FAILED, "connection refused", failedAt);
        event(search, Status.UNKNOWN, Status.HEALTHY, "connected in 5 ms", healthyAt);
        event(bobs, Status.UNKNOWN, Status.FAILED, "bob's secret reason", failedAt);
        liveState(
                checkout,
                Map.of(
                        RedisKeys.StateField.STATUS,
                        "FAILED",
                        RedisKeys.StateField.SINCE,
                        String.valueOf(failedAt.toEpochMilli()),
                        RedisKeys.StateField.REASON,
                        "connection refused again",
                        RedisKeys.StateField.LAST_CHECKED_AT,
                        String.valueOf(failedAt.plusSeconds(30).toEpochMilli()),
                        RedisKeys.StateField.ZONES,
                        "default",
                        RedisKeys.StateField.zone("default", "status"),
                        "FAILED",
                        RedisKeys.StateField.zone("default", "at"),
                        String.valueOf(failedAt.plusSeconds(30).toEpochMilli()),
                        RedisKeys.StateField.zone("default", "reason"),
                        "connection refused again"));

        JsonNode states = read(aliceKey, "/api/v1/states");

        assertThat(states.get("live").asBoolean()).isTrue();
        assertThat(ids(states.get("monitors"))).containsExactlyInAnyOrder(checkout, search, fresh);
        JsonNode failed = find(states.get("monitors"), checkout);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("live").asBoolean()).isTrue();
        // the change that made it FAILED, as recorded, not the latest result's reason
        assertThat(failed.get("since").asString()).isEqualTo("2026-12-01T10:05:00Z");
        assertThat(failed.get("reason").asString()).isEqualTo("connection refused");
        assertThat(failed.get("zones").get(0).get("zone").asString()).isEqualTo("default");
        assertThat(failed.get("zones").get(0).get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("zones").get(0).get("voting").asBoolean()).isTrue();
        // Redis has no state for it (lost, or not folded yet): its last recorded transition says where it stands
        JsonNode recorded = find(states.get("monitors"), search);
        assertThat(recorded.get("status").asString()).isEqualTo("HEALTHY");
        assertThat(recorded.get("live").asBoolean()).isFalse();
        assertThat(recorded.get("since").asString()).isEqualTo("2026-12-01T10:00:00Z");
        JsonNode unknown = find(states.get("monitors"), fresh);
        assertThat(unknown.get("status").asString()).isEqualTo("UNKNOWN");
        assertThat(unknown.has("since")).isFalse();

        assertThat(ids(read(bobKey, "/api/v1/states").get("monitors"))).containsExactly(bobs);
    }

    @Test
    void theEventLogListsYourTransitionsNewestFirstPageByPage() throws Exception {
        long checkout = monitor(aliceKey, "checkout");
        long search = monitor(aliceKey, "search");
        long bobs = monitor(bobKey, "bob's db");
        Instant start = Instant.parse("2026-11-30T08:00:00Z");
        long first =
                event(checkout, Status.UNKNOWN, Status.HEALTHY, "up", start).getId();
        long second = event(search, Status.UNKNOWN, Status.HEALTHY, "up", start.plusSeconds(60))
                .getId();
        event(bobs, Status.UNKNOWN, Status.FAILED, "bob's", start.plusSeconds(90));
        long third = event(checkout, Status.HEALTHY, Status.FAILED, "refused", start.plusSeconds(120))
                .getId();
        long fourth = event(checkout, Status.FAILED, Status.HEALTHY, "up again", start.plusSeconds(180))
                .getId();

        JsonNode page = read(aliceKey, "/api/v1/events?limit=3");
        assertThat(ids(page.get("items"))).containsExactly(fourth, third, second);
        JsonNode newest = page.get("items").get(0);
        assertThat(newest.get("monitorId").asLong()).isEqualTo(checkout);
        assertThat(newest.get("monitorName").asString()).isEqualTo("checkout");
        assertThat(newest.get("from").asString()).isEqualTo("FAILED");
        assertThat(newest.get("to").asString()).isEqualTo("HEALTHY");
        assertThat(newest.get("reason").asString()).isEqualTo("up again");
        assertThat(newest.get("occurredAt").asString()).isEqualTo("2026-11-30T08:03:00Z");

        String next = page.get("next").asString();
        assertThat(next).isEqualTo("/api/v1/events?limit=3&before=" + second);
        JsonNode last = read(aliceKey, next);
        assertThat(ids(last.get("items"))).containsExactly(first);
        assertThat(last.has("next")).isFalse();

        assertThat(ids(read(aliceKey, "/api/v1/events?since=2026-11-30T08:02:00Z")
                        .get("items")))
                .containsExactly(fourth, third);
        assertThat(ids(read(bobKey, "/api/v1/events").get("items")))
                .doesNotContain(first, second, third, fourth)
                .hasSize(1);
    }

    @Test
    void badQueryParametersAreAnsweredFieldByField() throws Exception {
        long bobs = monitor(bobKey, "bob's db");
        long bobsEvent = event(bobs, Status.UNKNOWN, Status.FAILED, "bob's", Instant.now())
                .getId();

        mvc.perform(as(aliceKey, get("/api/v1/events?since=yesterday")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_value"))
                .andExpect(jsonPath("$.fields.since").exists());
        mvc.perform(as(aliceKey, get("/api/v1/events?limit=many")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_value"))
                .andExpect(jsonPath("$.fields.limit").exists());
        mvc.perform(as(aliceKey, get("/api/v1/events?limit=5000")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.fields.limit").value("between 1 and 1000 events"));
        // another person's event is not a place in your log, and says nothing of theirs
        mvc.perform(as(aliceKey, get("/api/v1/events?before=" + bobsEvent)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.before")
                        .value("no event " + bobsEvent
                                + " among your monitors' events; use the 'next' link of a page"));
        mvc.perform(get("/api/v1/states"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthorized"));
    }

    private static List<Long> ids(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false)
                .map(item -> item.get("id").asLong())
                .toList();
    }

    private static JsonNode find(JsonNode items, long id) {
        return StreamSupport.stream(items.spliterator(), false)
                .filter(item -> item.get("id").asLong() == id)
                .findFirst()
                .orElseThrow();
    }
}
