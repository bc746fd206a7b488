package io.cloudroutes.crweb.dashboard;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.monitor.Monitor;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard counts the monitors' statuses from their live state in Redis and lists the latest events. */
class DashboardTest extends SignedInPeople {

    @Test
    void theDashboardCountsStatusesFromLiveStateAndListsEvents() throws Exception {
        Monitor up = aliceMonitor();
        Monitor down = aliceMonitor();
        aliceMonitor(); // no state yet: UNKNOWN
        redis.sync().hset(RedisKeys.state(up.getId()), Map.of(RedisKeys.StateField.STATUS, "HEALTHY"));
        redis.sync().hset(RedisKeys.state(down.getId()), Map.of(RedisKeys.StateField.STATUS, "FAILED"));
        events.save(new MonitorEvent(
                down.getId(),
                Status.HEALTHY,
                Status.FAILED,
                "connection refused to db:5432",
                "default",
                Instant.now()));
        mvc.perform(get("/").with(alice))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<strong id=\"count-healthy\">1</strong>")))
                .andExpect(content().string(containsString("<strong id=\"count-failed\">1</strong>")))
                .andExpect(content().string(containsString("<strong id=\"count-unknown\">1</strong>")))
                .andExpect(content().string(containsString("connection refused to db:5432")));
    }
}
