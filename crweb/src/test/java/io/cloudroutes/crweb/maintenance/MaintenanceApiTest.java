package io.cloudroutes.crweb.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.PeopleWithApiKeys;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Maintenance windows through the REST API v1: made, changed, refused field by field, and scoped to the team. */
class MaintenanceApiTest extends PeopleWithApiKeys {

    @Test
    void aWeeklyWindowIsMadeChangedAndDeletedAndAnotherTeamFindsNoneOfIt() throws Exception {
        long monitorId = createTcpMonitor(aliceKey);
        JsonNode window = body(
                mvc.perform(as(aliceKey, post("/api/v1/maintenance-windows")).content("""
                        {"name":"patch night","kind":"WEEKLY","timeZone":"Europe/Berlin","days":["TUESDAY","MONDAY"],
                         "startTime":"02:30","durationMinutes":120,"monitorIds":[%d],"tags":["DB"]}""".formatted(monitorId)))
                        .andExpect(status().isCreated())
                        .andReturn());
        long id = window.get("id").asLong();
        assertThat(window.get("days").toString()).isEqualTo("[\"MONDAY\",\"TUESDAY\"]");
        assertThat(window.get("tags").toString()).isEqualTo("[\"db\"]");
        assertThat(window.get("nextStart").asString()).isNotEmpty();

        mvc.perform(as(aliceKey, put("/api/v1/maintenance-windows/" + id)).content("""
                        {"name":"cron night","kind":"CRON","timeZone":"UTC","cron":"0 0 3 * * SUN",
                         "durationMinutes":30,"tags":["db"]}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("CRON"))
                .andExpect(jsonPath("$.monitorIds").isEmpty());
        mvc.perform(as(aliceKey, get("/api/v1/maintenance-windows")))
                .andExpect(jsonPath("$[0].name").value("cron night"));

        mvc.perform(as(bobKey, get("/api/v1/maintenance-windows/" + id))).andExpect(status().isNotFound());
        mvc.perform(as(bobKey, put("/api/v1/maintenance-windows/" + id)).content("{}"))
                .andExpect(status().isNotFound());
        mvc.perform(as(bobKey, delete("/api/v1/maintenance-windows/" + id))).andExpect(status().isNotFound());
        mvc.perform(as(bobKey, get("/api/v1/maintenance-windows")))
                .andExpect(content().json("[]"));

        mvc.perform(as(aliceKey, delete("/api/v1/maintenance-windows/" + id))).andExpect(status().isNoContent());
        mvc.perform(as(aliceKey, get("/api/v1/maintenance-windows/" + id))).andExpect(status().isNotFound());
    }

    @Test
    void badFieldsAreAnsweredFieldByFieldAndAnotherTeamsMonitorAsAnUnknownOne() throws Exception {
        long alicesMonitor = createTcpMonitor(aliceKey);
        mvc.perform(as(bobKey, post("/api/v1/maintenance-windows")).content("""
                        {"name":"x","kind":"CRON","timeZone":"Nowhere/Land","cron":"every sunday",
                         "durationMinutes":0,"monitorIds":[%d]}""".formatted(alicesMonitor)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.cron").value(Matchers.startsWith("not a cron expression")))
                .andExpect(jsonPath("$.fields.timeZone")
                        .value("unknown time zone 'Nowhere/Land'; use a region such as Europe/Berlin or UTC"))
                .andExpect(jsonPath("$.fields.durationMinutes")
                        .value("the duration is at least 1 minute and at most 31 days (44640 minutes)"))
                .andExpect(jsonPath("$.fields.monitorIds").value("no monitor with id " + alicesMonitor));
        mvc.perform(as(bobKey, post("/api/v1/maintenance-windows")).content("""
                        {"name":"x","kind":"ONCE","timeZone":"UTC","startsAt":"2026-06-01T10:00:00Z",
                         "endsAt":"2026-08-01T10:00:00Z","tags":["db"]}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.endsAt").value("a window lasts at most 31 days (44640 minutes)"));
        mvc.perform(as(bobKey, post("/api/v1/maintenance-windows")).content("""
                        {"name":"x","kind":"ONCE","timeZone":"UTC","startsAt":"2026-06-01T10:00:00Z",
                         "endsAt":"2026-06-01T11:00:00Z"}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.fields.monitorIds")
                        .value("choose at least one monitor or tag: a window holds nothing without them"));
        mvc.perform(as(bobKey, get("/api/v1/maintenance-windows")))
                .andExpect(content().json("[]"));
    }
}
