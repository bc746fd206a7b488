package io.cloudroutes.crweb.maintenance;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.statuspage.StatusPage;
import io.cloudroutes.store.statuspage.StatusPageRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A monitor in a maintenance window says so where people look: on its team's dashboard row and on a public status page
 * (the page and its JSON), with the window's end; one outside any window shows nothing of it.
 */
class MaintenanceShownTest extends SignedInPeople {

    @Autowired
    MaintenanceWindowRepository windows;

    @Autowired
    StatusPageRepository statusPages;

    @Test
    void aMonitorInAWindowShowsItOnTheDashboardAndTheStatusPage() throws Exception {
        Monitor inWindow = aliceMonitor();
        Monitor outside = aliceMonitor();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant end = now.plus(Duration.ofHours(2));
        MaintenanceWindow window = new MaintenanceWindow(inWindow.getTeamId(), now);
        window.setName("database upgrade");
        window.happenOnce("UTC", now.minus(Duration.ofMinutes(10)), end);
        window.setMonitorIds(List.of(inWindow.getId()));
        windows.save(window);

        mvc.perform(get("/").with(alice))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString(
                                "maintenance until " + end.toString().substring(0, 10) + " "
                                        + end.toString().substring(11, 16) + " UTC")))
                // one row in the window, one badge
                .andExpect(content()
                        .string(Matchers.not(Matchers.matchesPattern(
                                "(?s).*class=\"badge maintenance\".*class=\"badge maintenance\".*"))));

        String slug = "maint-" + UUID.randomUUID().toString().substring(0, 8);
        StatusPage page = new StatusPage(inWindow.getTeamId());
        page.setSlug(slug);
        page.setTitle("Acme status");
        page.setPublished(true);
        page.addGroup("Services", List.of(inWindow.getId(), outside.getId()));
        statusPages.save(page);

        mvc.perform(get("/status/" + slug + ".json"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.groups[0].monitors[0].maintenanceUntil").value(end.toString()))
                .andExpect(jsonPath("$.groups[0].monitors[1].maintenanceUntil").doesNotExist());
        mvc.perform(get("/status/" + slug))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Maintenance until")));
    }
}
