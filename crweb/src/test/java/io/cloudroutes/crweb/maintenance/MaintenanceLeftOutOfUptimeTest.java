package io.cloudroutes.crweb.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.PeopleWithApiKeys;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.maintenance.MaintenanceWindow;
import io.cloudroutes.store.maintenance.MaintenanceWindowRepository;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Maintenance windows are left out of the uptime the API answers: a failure inside a window costs no uptime, and
 * overlapping windows count once.
 */
@Import(TestClock.InPlace.class)
class MaintenanceLeftOutOfUptimeTest extends PeopleWithApiKeys {

    @Autowired
    MaintenanceWindowRepository windows;

    @Autowired
    TestClock clock;

    @Test
    void aFailureInsideMaintenanceCostsNoUptimeAndOverlappingWindowsCountOnce() throws Exception {
        Instant now = clock.instant();
        long monitorId = createTcpMonitor(aliceKey);
        jdbc.update(
                "update monitors set created_at = ? where id = ?",
                Timestamp.from(now.minus(Duration.ofDays(2))),
                monitorId);
        // healthy all day, failed from 6 to 3 hours ago
        events.save(new MonitorEvent(
                monitorId, Status.UNKNOWN, Status.HEALTHY, "up", "default", now.minus(Duration.ofDays(1))));
        events.save(new MonitorEvent(
                monitorId, Status.HEALTHY, Status.FAILED, "down", "default", now.minus(Duration.ofHours(6))));
        events.save(new MonitorEvent(
                monitorId, Status.FAILED, Status.HEALTHY, "up", "default", now.minus(Duration.ofHours(3))));
        // windows 7h-5h ago and 6h-4h ago overlap: 7h-4h ago, covering 2 of the 3 failed hours
        long teamId = monitors.findById(monitorId).orElseThrow().getTeamId();
        window(teamId, monitorId, now.minus(Duration.ofHours(7)), now.minus(Duration.ofHours(5)));
        window(teamId, monitorId, now.minus(Duration.ofHours(6)), now.minus(Duration.ofHours(4)));

        JsonNode day = body(mvc.perform(as(aliceKey, get("/api/v1/monitors/" + monitorId + "/uptime?range=24h")))
                        .andExpect(status().isOk())
                        .andReturn())
                .get("ranges")
                .get(0);

        assertThat(day.get("observedSeconds").asLong())
                .isEqualTo(Duration.ofHours(24).toSeconds());
        assertThat(day.get("excludedSeconds").asLong())
                .isEqualTo(Duration.ofHours(3).toSeconds());
        assertThat(day.get("failedSeconds").asLong())
                .isEqualTo(Duration.ofHours(1).toSeconds());
        assertThat(day.get("uptime").asDouble()).isCloseTo(1 - 1.0 / 21, within(1e-9));
    }

    private void window(long teamId, long monitorId, Instant start, Instant end) {
        MaintenanceWindow window = new MaintenanceWindow(teamId, clock.instant());
        window.setName("upgrade " + start);
        window.happenOnce("UTC", start, end);
        window.setMonitorIds(List.of(monitorId));
        windows.save(window);
    }
}
