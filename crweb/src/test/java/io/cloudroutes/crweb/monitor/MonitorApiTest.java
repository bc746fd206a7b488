package io.cloudroutes.crweb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Limits;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.crweb.PeopleWithApiKeys;
import io.cloudroutes.store.history.MonitorEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A monitor through the REST API v1: created, read, changed and deleted with a key; not found for another person
 * whatever the operation; its secret settings never answered; only the zones the operator listed, and at most the most
 * of the longest names; held and released, its history paged.
 */
class MonitorApiTest extends PeopleWithApiKeys {

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
}
