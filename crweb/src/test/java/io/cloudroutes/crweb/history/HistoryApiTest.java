package io.cloudroutes.crweb.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.PeopleWithApiKeys;
import io.cloudroutes.crweb.TestClock;
import io.cloudroutes.store.history.MonitorEvent;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/v1/monitors/{id}/uptime, /uptime/days and /latency against real PostgreSQL: uptime from the monitor's
 * transitions over the presets and a custom range, the day strip in a time zone, the latency series from the minute or
 * hour roll-ups, another team's monitor answered 404 and bad ranges 400 field by field.
 */
@Import(TestClock.InPlace.class)
class HistoryApiTest extends PeopleWithApiKeys {

    @Autowired
    TestClock clock;

    Instant now;
    long monitorId;

    @BeforeEach
    void aMonitorHealthyForFiveDaysThatFailedForAnHour() throws Exception {
        now = clock.instant();
        monitorId = createTcpMonitor(aliceKey);
        jdbc.update(
                "update monitors set created_at = ? where id = ?",
                Timestamp.from(now.minus(Duration.ofDays(10))),
                monitorId);
        event(Status.UNKNOWN, Status.HEALTHY, now.minus(Duration.ofDays(5)));
        event(Status.HEALTHY, Status.FAILED, now.minus(Duration.ofHours(2)));
        event(Status.FAILED, Status.HEALTHY, now.minus(Duration.ofHours(1)));
    }

    private void event(Status from, Status to, Instant at) {
        events.save(new MonitorEvent(monitorId, from, to, "test", "default", at));
    }

    private JsonNode read(String key, String path) throws Exception {
        return body(mvc.perform(as(key, get(path))).andExpect(status().isOk()).andReturn());
    }

    private static double uptimeOf(JsonNode ranges, String range) {
        for (JsonNode item : ranges) {
            if (item.get("range").asString().equals(range)) {
                return item.get("uptime").asDouble();
            }
        }
        throw new AssertionError("no range " + range + " in " + ranges);
    }

    @Test
    void uptimeIsTimeFailedOverTimeObservedForEachPresetAndACustomRange() throws Exception {
        JsonNode all = read(aliceKey, "/api/v1/monitors/" + monitorId + "/uptime");

        assertThat(all.get("ranges")).hasSize(4);
        assertThat(uptimeOf(all.get("ranges"), "24h")).isCloseTo(1 - 1.0 / 24, within(1e-9));
        // observed only since its first result five days ago, not before
        assertThat(uptimeOf(all.get("ranges"), "7d")).isCloseTo(1 - 1.0 / (5 * 24), within(1e-9));
        assertThat(uptimeOf(all.get("ranges"), "90d")).isCloseTo(1 - 1.0 / (5 * 24), within(1e-9));
        JsonNode week = read(aliceKey, "/api/v1/monitors/" + monitorId + "/uptime?range=7d")
                .get("ranges");
        assertThat(week).hasSize(1);
        assertThat(week.get(0).get("observedSeconds").asLong())
                .isEqualTo(Duration.ofDays(5).toSeconds());
        assertThat(week.get(0).get("failedSeconds").asLong()).isEqualTo(3600);

        JsonNode custom = read(
                        aliceKey,
                        "/api/v1/monitors/" + monitorId + "/uptime?from=" + now.minus(Duration.ofHours(3)) + "&to="
                                + now.minus(Duration.ofHours(1)))
                .get("ranges")
                .get(0);
        assertThat(custom.get("range").asString()).isEqualTo("custom");
        assertThat(custom.get("uptime").asDouble()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void theDayStripHasADayPerLocalDateAndNoDataBeforeTheFirstResult() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        JsonNode strip = read(aliceKey, "/api/v1/monitors/" + monitorId + "/uptime/days?days=10&zone=Europe/Berlin");

        assertThat(strip.get("zone").asString()).isEqualTo("Europe/Berlin");
        List<LocalDate> dates = new ArrayList<>();
        strip.get("days")
                .forEach(day -> dates.add(LocalDate.parse(day.get("date").asString())));
        assertThat(dates).hasSize(10).last().isEqualTo(LocalDate.ofInstant(now, berlin));
        LocalDate firstResult = LocalDate.ofInstant(now.minus(Duration.ofDays(5)), berlin);
        // the failed hour, on one local date or two
        Set<LocalDate> failing = new HashSet<>(List.of(
                LocalDate.ofInstant(now.minus(Duration.ofHours(2)), berlin),
                LocalDate.ofInstant(now.minus(Duration.ofHours(1)).minusMillis(1), berlin)));
        for (JsonNode day : strip.get("days")) {
            LocalDate date = LocalDate.parse(day.get("date").asString());
            if (date.isBefore(firstResult)) {
                assertThat(day.has("uptime")).as("no data on %s", date).isFalse();
            } else if (failing.contains(date)) {
                assertThat(day.get("uptime").asDouble())
                        .as("uptime on %s", date)
                        .isLessThan(1.0);
            } else {
                assertThat(day.get("uptime").asDouble())
                        .as("uptime on %s", date)
                        .isEqualTo(1.0);
            }
        }
    }

    private void rollup(String table, Instant bucket, int checks, int failures, int max) {
        jdbc.update(
                "insert into " + table + " values (?, ?, ?, ?, 10, 20.5, 30.25, ?)",
                monitorId,
                Timestamp.from(bucket),
                checks,
                failures,
                max);
    }

    @Test
    void latencyComesFromMinuteRollUpsForAShortRangeAndFromHourRollUpsForALongOne() throws Exception {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
        rollup("check_rollups_minute", minute, 2, 0, 40);
        rollup("check_rollups_minute", minute.plus(Duration.ofMinutes(1)), 2, 1, 900);
        rollup("check_rollups_hour", now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3)), 120, 3, 1200);

        JsonNode day = read(aliceKey, "/api/v1/monitors/" + monitorId + "/latency");
        assertThat(day.get("resolution").asString()).isEqualTo("MINUTE");
        assertThat(day.get("points")).hasSize(2);
        JsonNode slow = day.get("points").get(1);
        assertThat(Instant.parse(slow.get("at").asString())).isEqualTo(minute.plus(Duration.ofMinutes(1)));
        assertThat(slow.get("failures").asInt()).isEqualTo(1);
        assertThat(slow.get("max").asInt()).isEqualTo(900);
        assertThat(slow.get("p95").asDouble()).isEqualTo(30.25);

        JsonNode week = read(
                aliceKey,
                "/api/v1/monitors/" + monitorId + "/latency?from=" + now.minus(Duration.ofDays(7)) + "&to=" + now);
        assertThat(week.get("resolution").asString()).isEqualTo("HOUR");
        assertThat(week.get("points")).hasSize(1);
        assertThat(week.get("points").get(0).get("checks").asInt()).isEqualTo(120);
    }

    private void result(Instant at, Status status, int latencyMs) {
        jdbc.queryForObject(
                "select check_results_add_partitions(cast(? as date), 2)",
                Integer.class,
                LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(1).toString());
        jdbc.update(
                "insert into check_results values (?, ?, ?, ?, 'default', '')",
                monitorId,
                Timestamp.from(at),
                status.name(),
                latencyMs);
    }

    @Test
    void theLastMinutesComeFromTheRawResultsBeforeTheirRollUpIsWritten() throws Exception {
        Instant thisMinute = now.truncatedTo(ChronoUnit.MINUTES);
        // an old minute that the roll-up job has written, and three results of the last minutes it has not yet
        rollup("check_rollups_minute", thisMinute.minus(Duration.ofMinutes(40)), 2, 0, 40);
        result(thisMinute.minus(Duration.ofMinutes(2)), Status.HEALTHY, 30);
        result(thisMinute.minus(Duration.ofMinutes(2)).plusSeconds(20), Status.FAILED, 90);
        result(thisMinute.minusSeconds(1), Status.HEALTHY, 50);

        JsonNode hour = read(
                aliceKey,
                "/api/v1/monitors/" + monitorId + "/latency?from=" + now.minus(Duration.ofHours(1)) + "&to=" + now);
        assertThat(hour.get("resolution").asString()).isEqualTo("MINUTE");
        JsonNode points = hour.get("points");
        assertThat(points).hasSize(3);
        assertThat(points.get(0).get("max").asInt()).isEqualTo(40);
        JsonNode twoAgo = points.get(1);
        assertThat(Instant.parse(twoAgo.get("at").asString())).isEqualTo(thisMinute.minus(Duration.ofMinutes(2)));
        assertThat(twoAgo.get("checks").asInt()).isEqualTo(2);
        assertThat(twoAgo.get("failures").asInt()).isEqualTo(1);
        assertThat(twoAgo.get("min").asInt()).isEqualTo(30);
        assertThat(twoAgo.get("max").asInt()).isEqualTo(90);
        assertThat(twoAgo.get("avg").asDouble()).isEqualTo(60.0);
        assertThat(Instant.parse(points.get(2).get("at").asString()))
                .isEqualTo(thisMinute.minus(Duration.ofMinutes(1)));
    }

    @Test
    void anotherTeamsMonitorIsNotFound() throws Exception {
        for (String path : List.of("/uptime", "/uptime?range=24h", "/uptime/days", "/latency")) {
            mvc.perform(as(bobKey, get("/api/v1/monitors/" + monitorId + path)))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("not_found"));
        }
    }

    @Test
    void badRangesAreRefusedFieldByField() throws Exception {
        String base = "/api/v1/monitors/" + monitorId;
        mvc.perform(as(aliceKey, get(base + "/uptime?from=" + now + "&to=" + now.minus(Duration.ofHours(1)))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_query"))
                .andExpect(jsonPath("$.fields.to").value(org.hamcrest.Matchers.startsWith("must be after from")));
        mvc.perform(as(aliceKey, get(base + "/latency?from=" + now.minus(Duration.ofDays(401)) + "&to=" + now)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.from")
                        .value(org.hamcrest.Matchers.startsWith("history is kept for 400 days")));
        mvc.perform(as(aliceKey, get(base + "/uptime?range=1y")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.range").value(org.hamcrest.Matchers.containsString("24h, 7d, 30d, 90d")));
        mvc.perform(as(aliceKey, get(base + "/uptime?range=7d&from=" + now)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.range").value("give either range or from and to, not both"));
        mvc.perform(as(aliceKey, get(base + "/uptime?from=yesterday")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.from").value(org.hamcrest.Matchers.startsWith("an ISO-8601 time")))
                .andExpect(jsonPath("$.fields.to").value(org.hamcrest.Matchers.startsWith("required with from")));
        mvc.perform(as(aliceKey, get(base + "/uptime/days?days=0&zone=Mars/Olympus")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.fields.days").value("between 1 and 400 (history is kept for 400 days)"))
                .andExpect(jsonPath("$.fields.zone").value(org.hamcrest.Matchers.startsWith("a time zone such as")));
    }
}
