package io.cloudroutes.checks.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void aPeriodScheduleIsOverdueAPeriodPlusGraceAfterTheLastPing() {
        HeartbeatSchedule schedule =
                HeartbeatSchedule.from(Map.of("schedule", "period", "periodSeconds", "3600", "graceSeconds", "300"));
        assertThat(schedule.deadlineAfter(at("2026-11-25T10:00:00Z"))).isEqualTo(at("2026-11-25T11:05:00Z"));
        assertThat(schedule.describe()).isEqualTo("period 1 h + grace 5 min");
    }

    @Test
    void defaultsExpectADailyPingWithAnHourOfGrace() {
        HeartbeatSchedule schedule = HeartbeatSchedule.from(Map.of());
        assertThat(schedule.deadlineAfter(at("2026-11-25T10:00:00.250Z"))).isEqualTo(at("2026-11-26T11:00:00.250Z"));
        assertThat(schedule.describe()).isEqualTo("period 1 day + grace 1 h");
    }

    @Test
    void aCronScheduleIsOverdueGraceAfterTheNextCronTimeInItsZone() {
        HeartbeatSchedule schedule = HeartbeatSchedule.from(Map.of(
                "schedule",
                "cron",
                "cronExpression",
                " 0  2 * * * ",
                "timeZone",
                "Europe/Berlin",
                "graceSeconds",
                "3600"));
        // 02:00 in Berlin in winter (UTC+1) is 01:00 UTC; a ping at 02:07 local waits for tomorrow's run
        assertThat(schedule.deadlineAfter(at("2026-11-25T01:07:00Z"))).isEqualTo(at("2026-11-26T02:00:00Z"));
        assertThat(schedule.describe()).isEqualTo("cron '0 2 * * *' Europe/Berlin + grace 1 h");
    }

    @Test
    void theNextCronTimeIsStrictlyAfterThePing() {
        HeartbeatSchedule schedule = HeartbeatSchedule.cron("0 2 * * *", BERLIN, Duration.ofMinutes(10));
        assertThat(schedule.nextExpectedAfter(at("2026-11-25T01:00:00Z"))).isEqualTo(at("2026-11-26T01:00:00Z"));
        assertThat(schedule.nextExpectedAfter(at("2026-11-25T00:59:59Z"))).isEqualTo(at("2026-11-25T01:00:00Z"));
    }

    @Test
    void aFixedTimeSkippedWhenClocksGoForwardRunsAtTheFirstInstantAfterTheJump() {
        // On 2026-03-29 Berlin jumps from 02:00 (UTC+1) to 03:00 (UTC+2): 02:00 does not exist that night. The cron
        // daemon runs the job at 03:00 local, 01:00 UTC, instead of skipping a day.
        HeartbeatSchedule schedule = HeartbeatSchedule.cron("0 2 * * *", BERLIN, Duration.ofHours(1));
        Instant pingOnSaturday = at("2026-03-28T01:03:00Z");
        assertThat(schedule.nextExpectedAfter(pingOnSaturday)).isEqualTo(at("2026-03-29T01:00:00Z"));
        assertThat(schedule.deadlineAfter(pingOnSaturday)).isEqualTo(at("2026-03-29T02:00:00Z"));
        // after the catch-up run, the next is Monday 02:00 summer time (UTC+2)
        assertThat(schedule.nextExpectedAfter(at("2026-03-29T01:02:00Z"))).isEqualTo(at("2026-03-30T00:00:00Z"));
    }

    @Test
    void aTimeInsideTheSkippedHourAlsoRunsRightAfterTheJump() {
        HeartbeatSchedule schedule = HeartbeatSchedule.cron("30 2 * * *", BERLIN, Duration.ofHours(1));
        assertThat(schedule.nextExpectedAfter(at("2026-03-28T01:31:00Z"))).isEqualTo(at("2026-03-29T01:00:00Z"));
    }

    @Test
    void aWildcardJobHasNoRunInTheSkippedHour() {
        HeartbeatSchedule schedule = HeartbeatSchedule.cron("*/30 * * * *", BERLIN, Duration.ofMinutes(5));
        // 01:30 local (00:30 UTC), then 02:00 and 02:30 do not exist: the next run is 03:00 local, 01:00 UTC
        assertThat(schedule.nextExpectedAfter(at("2026-03-29T00:30:00Z"))).isEqualTo(at("2026-03-29T01:00:00Z"));
        assertThat(schedule.nextExpectedAfter(at("2026-03-29T01:00:00Z"))).isEqualTo(at("2026-03-29T01:30:00Z"));
    }

    @Test
    void aFixedTimeRepeatedWhenClocksGoBackRunsOnceAtItsFirstOccurrence() {
        // On 2026-11-01 New York goes from 02:00 EDT (UTC-4) back to 01:00 EST (UTC-5): 01:30 happens twice, at 05:30
        // and at 06:30 UTC. The daemon runs the job at the first one only.
        HeartbeatSchedule schedule = HeartbeatSchedule.cron("30 1 * * *", NEW_YORK, Duration.ofHours(1));
        assertThat(schedule.nextExpectedAfter(at("2026-10-31T05:35:00Z"))).isEqualTo(at("2026-11-01T05:30:00Z"));
        // the job pinged when it finished a few minutes after its first run: nothing is expected at the second 01:30
        Instant pingAfterTheRun = at("2026-11-01T05:34:00Z");
        assertThat(schedule.nextExpectedAfter(pingAfterTheRun)).isEqualTo(at("2026-11-02T06:30:00Z"));
        assertThat(schedule.deadlineAfter(pingAfterTheRun)).isEqualTo(at("2026-11-02T07:30:00Z"));
        assertThat(schedule.nextExpectedAfter(at("2026-11-01T05:30:00Z"))).isEqualTo(at("2026-11-02T06:30:00Z"));
    }

    @Test
    void aWildcardJobRunsInBothOccurrencesOfTheRepeatedHour() {
        HeartbeatSchedule schedule = HeartbeatSchedule.cron("*/30 * * * *", NEW_YORK, Duration.ofMinutes(5));
        assertThat(schedule.nextExpectedAfter(at("2026-11-01T05:31:00Z"))).isEqualTo(at("2026-11-01T06:00:00Z"));
        assertThat(schedule.nextExpectedAfter(at("2026-11-01T06:00:00Z"))).isEqualTo(at("2026-11-01T06:30:00Z"));
    }

    @Test
    void aCronScheduleWithoutAZoneRunsInUtc() {
        HeartbeatSchedule schedule = HeartbeatSchedule.from(
                Map.of("schedule", "cron", "cronExpression", "15 * * * *", "graceSeconds", "120"));
        assertThat(schedule.deadlineAfter(at("2026-11-25T10:16:00Z"))).isEqualTo(at("2026-11-25T11:17:00Z"));
        assertThat(schedule.describe()).isEqualTo("cron '15 * * * *' UTC + grace 2 min");
    }

    @Test
    void durationsAreDescribedInTheLargestWholeUnit() {
        assertThat(HeartbeatSchedule.words(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(HeartbeatSchedule.words(Duration.ofSeconds(5400))).isEqualTo("90 min");
        assertThat(HeartbeatSchedule.words(Duration.ofDays(7))).isEqualTo("7 days");
    }
}
