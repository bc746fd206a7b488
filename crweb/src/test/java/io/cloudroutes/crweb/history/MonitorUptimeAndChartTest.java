package io.cloudroutes.crweb.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.SignedInPeople;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.monitor.Monitor;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A monitor's page shows its uptime over 24 hours to 90 days and the strip of 90 daily bars, and its chart reads the
 * response-time series with the browser's session; another team's monitor answers 404 there too.
 */
class MonitorUptimeAndChartTest extends SignedInPeople {

    private static final Pattern BAR = Pattern.compile("<li class=\"bar (\\w+)\"");

    @Autowired
    JsonMapper json;

    @Autowired
    UptimeSummaries summaries;

    /** Healthy for five days but for one failed hour, two hours ago. */
    private Monitor aMonitorThatFailedForAnHour(Instant now) {
        Monitor monitor = aliceMonitor();
        jdbc.update(
                "update monitors set created_at = ? where id = ?",
                Timestamp.from(now.minus(Duration.ofDays(10))),
                monitor.getId());
        event(monitor, Status.UNKNOWN, Status.HEALTHY, now.minus(Duration.ofDays(5)));
        event(monitor, Status.HEALTHY, Status.FAILED, now.minus(Duration.ofHours(2)));
        event(monitor, Status.FAILED, Status.HEALTHY, now.minus(Duration.ofHours(1)));
        return monitor;
    }

    private void event(Monitor monitor, Status from, Status to, Instant at) {
        events.save(new MonitorEvent(monitor.getId(), from, to, "test", "default", at));
    }

    @Test
    void theMonitorPageShowsUptimeFiguresAndNinetyDailyBars() throws Exception {
        Monitor monitor = aMonitorThatFailedForAnHour(Instant.now());

        String page = mvc.perform(get("/monitors/" + monitor.getId()).with(alice))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        // one hour FAILED in the last 24: 95.833…%, never rounded up
        assertThat(page).contains("id=\"uptime-24h\">95.83%</dd>");
        assertThat(page).contains("id=\"uptime-90d\">");
        Matcher bars = BAR.matcher(page);
        int count = 0;
        int failing = 0;
        int unknown = 0;
        while (bars.find()) {
            count++;
            failing += bars.group(1).equals("degraded") || bars.group(1).equals("down") ? 1 : 0;
            unknown += bars.group(1).equals("none") ? 1 : 0;
        }
        assertThat(count).isEqualTo(UptimeSummaries.STRIP_DAYS);
        assertThat(failing).as("the day of the failed hour").isBetween(1, 2);
        // nothing was known before the first result, five days ago
        assertThat(unknown).isGreaterThanOrEqualTo(UptimeSummaries.STRIP_DAYS - 6);
        // the chart's library, from its webjar (the link names the version)
        assertThat(page)
                .contains("id=\"latency-chart\"")
                .containsPattern("/webjars/uplot/[0-9.]+/dist/uPlot.iife.min.js");
    }

    @Test
    void theChartReadsTheSeriesWithTheSessionAndOthersGet404() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Monitor monitor = aMonitorThatFailedForAnHour(now);
        // minutes the roll-up job has written (the last 15 come from the raw results)
        for (int minute = 21; minute <= 23; minute++) {
            jdbc.update(
                    "insert into check_rollups_minute (monitor_id, bucket, checks, failures, latency_min, latency_avg,"
                            + " latency_p95, latency_max) values (?, ?, 6, 1, 10, 20.5, 40, 55)",
                    monitor.getId(),
                    Timestamp.from(now.minus(Duration.ofMinutes(minute))));
        }
        String range = "?from=" + now.minus(Duration.ofHours(1)) + "&to=" + now;

        JsonNode series = json.readTree(mvc.perform(
                        get("/monitors/" + monitor.getId() + "/latency" + range).with(alice))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

        assertThat(series.get("resolution").asString()).isEqualTo("MINUTE");
        assertThat(series.get("points")).hasSize(3);
        assertThat(series.get("points").get(0).get("p95").asDouble()).isEqualTo(40.0);
        mvc.perform(get("/monitors/" + monitor.getId() + "/latency" + range).with(bob))
                .andExpect(status().isNotFound());
        mvc.perform(get("/monitors/" + monitor.getId() + "/latency?from=yesterday&to=" + now)
                        .with(alice))
                .andExpect(status().isBadRequest());
        // the chart's library is served from its jar
        mvc.perform(get("/webjars/uplot/" + summaries.chartLibraryVersion() + "/dist/uPlot.iife.min.js")
                        .with(alice))
                .andExpect(status().isOk());
    }
}
