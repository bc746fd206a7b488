package io.cloudroutes.crweb.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import io.cloudroutes.store.monitor.Monitor;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Maintenance windows on their pages: each bad field is told next to it and saves nothing, a good window is listed with
 * what it does now, its monitor's page says until when it is in maintenance, and another team finds none of it.
 */
class MaintenancePagesTest extends SignedInPeople {

    @Autowired
    MaintenanceWindowRepository windows;

    @Autowired
    MaintenanceWindows maintenance;

    private MockHttpServletRequestBuilder window(String kind) {
        return window(kind, "Europe/Berlin");
    }

    private MockHttpServletRequestBuilder window(String kind, String timeZone) {
        return post("/maintenance")
                .with(csrf())
                .with(alice)
                .param("name", "patch night")
                .param("kind", kind)
                .param("timeZone", timeZone);
    }

    @Test
    void eachBadFieldIsToldNextToItAndNothingIsSaved() throws Exception {
        long before = windows.count();
        mvc.perform(window("CRON").param("cron", "0 0 25 * * *").param("durationMinutes", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("not a cron expression")))
                .andExpect(content().string(containsString("Six fields: second minute hour")))
                .andExpect(content().string(containsString("the duration is at least 1 minute and at most 31 days")))
                .andExpect(content().string(containsString("choose at least one monitor or tag")));
        mvc.perform(window("ONCE", "Mars/Olympus")
                        .param("startsAt", "2026-06-01T22:00")
                        .param("endsAt", "2026-06-01T21:00")
                        .param("tags", "db"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("unknown time zone &#39;Mars/Olympus&#39;")));
        mvc.perform(window("ONCE")
                        .param("startsAt", "2026-06-01T22:00")
                        .param("endsAt", "2026-06-01T21:00")
                        .param("tags", "db"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("the end must be after the start")));
        mvc.perform(window("WEEKLY")
                        .param("startTime", "25:00")
                        .param("durationMinutes", "99999")
                        .param("tags", "db"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("choose at least one day of the week")))
                .andExpect(content().string(containsString("a time of day is required as hours and minutes")))
                .andExpect(content().string(containsString("at most 31 days (44640 minutes)")));
        assertThat(windows.count()).isEqualTo(before);
    }

    @Test
    void anotherTeamsMonitorIsAnsweredAsOneThatDoesNotExist() throws Exception {
        Monitor alices = aliceMonitor();
        long before = windows.count();
        mvc.perform(post("/maintenance")
                        .with(csrf())
                        .with(bob)
                        .param("name", "steal")
                        .param("kind", "WEEKLY")
                        .param("timeZone", "UTC")
                        .param("days", "MONDAY")
                        .param("startTime", "02:00")
                        .param("durationMinutes", "60")
                        .param("monitorIds", String.valueOf(alices.getId())))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("no monitor with id " + alices.getId())));
        mvc.perform(post("/maintenance")
                        .with(csrf())
                        .with(bob)
                        .param("name", "steal")
                        .param("kind", "WEEKLY")
                        .param("timeZone", "UTC")
                        .param("days", "MONDAY")
                        .param("startTime", "02:00")
                        .param("durationMinutes", "60")
                        .param("monitorIds", "987654321"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("no monitor with id 987654321")));
        assertThat(windows.count()).isEqualTo(before);
    }

    @Test
    void aWindowOnNowIsListedAndShownOnItsMonitorsPageAndIsNoneOfAnotherTeamsBusiness() throws Exception {
        Monitor alices = aliceMonitor();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        mvc.perform(post("/maintenance")
                        .with(csrf())
                        .with(alice)
                        .param("name", "database upgrade")
                        .param("kind", "ONCE")
                        .param("timeZone", "UTC")
                        .param("startsAt", now.minusHours(1).toString())
                        .param("endsAt", now.plusHours(2).toString())
                        .param("monitorIds", String.valueOf(alices.getId())))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/maintenance"));
        MaintenanceWindow saved = windows.findAllOfTeam(alices.getTeamId()).getFirst();
        assertThat(saved.getMonitorIds()).containsExactly(alices.getId());
        String until = now.plusHours(2).toString().replace('T', ' ');

        mvc.perform(get("/maintenance").with(alice))
                .andExpect(content().string(containsString("database upgrade")))
                .andExpect(content().string(containsString("On now:")))
                .andExpect(content().string(containsString("on until " + until)));
        mvc.perform(get("/monitors/" + alices.getId()).with(alice))
                .andExpect(content().string(containsString("In maintenance until")))
                .andExpect(content().string(containsString(until + " UTC")));
        assertThat(maintenance.inMaintenanceNow(alices.getTeamId(), List.of(alices)))
                .isEqualTo(Map.of(alices.getId(), Instant.parse(now.plusHours(2) + ":00Z")));
        // the audit log names it
        assertThat(jdbc.queryForList(
                        "select action from audit_events where team_id = ? and target_type = 'maintenance-window'",
                        String.class,
                        alices.getTeamId()))
                .containsExactly("maintenance-window.created");

        mvc.perform(get("/maintenance").with(bob)).andExpect(content().string(not(containsString("database upgrade"))));
        mvc.perform(get("/maintenance/" + saved.getId() + "/edit").with(bob)).andExpect(status().isNotFound());
        mvc.perform(post("/maintenance/" + saved.getId() + "/delete")
                        .with(csrf())
                        .with(bob))
                .andExpect(status().isNotFound());
        assertThat(windows.findById(saved.getId())).isPresent();

        mvc.perform(post("/maintenance/" + saved.getId() + "/delete")
                        .with(csrf())
                        .with(alice))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/monitors/" + alices.getId()).with(alice))
                .andExpect(content().string(not(containsString("In maintenance until"))));
    }
}
