package io.cloudroutes.store.history;

import static io.cloudroutes.core.Status.FAILED;
import static io.cloudroutes.core.Status.HEALTHY;
import static io.cloudroutes.core.Status.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cloudroutes.core.Status;
import io.cloudroutes.store.history.UptimeCalculator.DayUptime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class UptimeCalculatorTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private static Instant at(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    private static StatusTransition change(int hours, Status from, Status to) {
        return new StatusTransition(at(hours), from, to);
    }

    private static TimeRange hours(int from, int to) {
        return new TimeRange(at(from), at(to));
    }

    @Test
    void timeFailedOverTimeObservedGivesTheUptime() {
        // healthy from hour 0, failed from 6 to 9, healthy again: 3 of 24 hours failed
        List<StatusTransition> history =
                List.of(change(0, UNKNOWN, HEALTHY), change(6, HEALTHY, FAILED), change(9, FAILED, HEALTHY));

        Uptime uptime = UptimeCalculator.over(hours(0, 24), at(-100), history, List.of());

        assertThat(uptime.failed()).isEqualTo(Duration.ofHours(3));
        assertThat(uptime.observed()).isEqualTo(Duration.ofHours(24));
        assertThat(uptime.ratio().getAsDouble()).isCloseTo(1 - 3.0 / 24, within(1e-9));
    }

    @Test
    void unknownBeforeTheFirstResultAndTimeBeforeTheMonitorExistedAreNotObserved() {
        // created at hour 4, first result (FAILED) at hour 6, healthy at 8
        List<StatusTransition> history = List.of(change(8, FAILED, HEALTHY), change(6, UNKNOWN, FAILED));

        Uptime uptime = UptimeCalculator.over(hours(0, 12), at(4), history, List.of());

        assertThat(uptime.observed()).isEqualTo(Duration.ofHours(6));
        assertThat(uptime.failed()).isEqualTo(Duration.ofHours(2));
        assertThat(uptime.ratio().getAsDouble()).isCloseTo(1 - 2.0 / 6, within(1e-9));
    }

    @Test
    void theStatusBeforeTheRangeCarriesIntoIt() {
        // the last transition before the range made it FAILED; it recovers at hour 2 inside [0, 4)
        List<StatusTransition> history = List.of(change(-30, HEALTHY, FAILED), change(2, FAILED, HEALTHY));

        Uptime uptime = UptimeCalculator.over(hours(0, 4), at(-100), history, List.of());

        assertThat(uptime.failed()).isEqualTo(Duration.ofHours(2));
        assertThat(uptime.observed()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void maintenanceIsLeftOutOnceEvenWhereWindowsOverlap() {
        // failed from 2 to 8; windows 1-4 and 3-5 overlap (together 1-5), and 20-30 reaches past the range's end
        List<StatusTransition> history =
                List.of(change(0, UNKNOWN, HEALTHY), change(2, HEALTHY, FAILED), change(8, FAILED, HEALTHY));
        List<TimeRange> windows = List.of(hours(1, 4), hours(3, 5), hours(20, 30));

        Uptime uptime = UptimeCalculator.over(hours(0, 24), at(-100), history, windows);

        assertThat(uptime.observed()).isEqualTo(Duration.ofHours(24));
        assertThat(uptime.excluded()).isEqualTo(Duration.ofHours(4 + 4));
        // failed 2-8 less the 3 hours 2-5 inside maintenance
        assertThat(uptime.failed()).isEqualTo(Duration.ofHours(3));
        assertThat(uptime.ratio().getAsDouble()).isCloseTo(1 - 3.0 / 16, within(1e-9));
    }

    @Test
    void maintenanceBeforeTheFirstResultExcludesNothingTwice() {
        // unknown until hour 10; a window 5-12 covers only 2 observed hours
        List<StatusTransition> history = List.of(change(10, UNKNOWN, HEALTHY));

        Uptime uptime = UptimeCalculator.over(hours(0, 20), at(-100), history, List.of(hours(5, 12)));

        assertThat(uptime.observed()).isEqualTo(Duration.ofHours(10));
        assertThat(uptime.excluded()).isEqualTo(Duration.ofHours(2));
        assertThat(uptime.ratio().getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void aRangeWithNothingObservedOrAllInMaintenanceHasNoData() {
        assertThat(UptimeCalculator.over(hours(0, 24), at(-100), List.of(), List.of())
                        .ratio())
                .isEmpty();
        assertThat(UptimeCalculator.over(hours(0, 24), at(30), List.of(change(-5, UNKNOWN, FAILED)), List.of())
                        .ratio())
                .isEmpty();
        assertThat(UptimeCalculator.over(
                                hours(0, 24), at(-100), List.of(change(-5, UNKNOWN, FAILED)), List.of(hours(-1, 25)))
                        .ratio())
                .isEmpty();
    }

    @Test
    void theDayStripFollowsLocalMidnightsAcrossBothDaylightSavingChanges() {
        // Europe/Berlin: 2026-03-29 has 23 hours, 2026-10-25 has 25
        assertThat(UptimeCalculator.dayIn(LocalDate.of(2026, 3, 29), BERLIN).length())
                .isEqualTo(Duration.ofHours(23));
        assertThat(UptimeCalculator.dayIn(LocalDate.of(2026, 10, 25), BERLIN).length())
                .isEqualTo(Duration.ofHours(25));

        // healthy all along, failed one hour on each change day (local 10:00-11:00)
        Instant mar = LocalDate.of(2026, 3, 29).atTime(10, 0).atZone(BERLIN).toInstant();
        Instant oct = LocalDate.of(2026, 10, 25).atTime(10, 0).atZone(BERLIN).toInstant();
        List<StatusTransition> history = List.of(
                new StatusTransition(Instant.parse("2026-01-01T00:00:00Z"), UNKNOWN, HEALTHY),
                new StatusTransition(mar, HEALTHY, FAILED),
                new StatusTransition(mar.plus(Duration.ofHours(1)), FAILED, HEALTHY),
                new StatusTransition(oct, HEALTHY, FAILED),
                new StatusTransition(oct.plus(Duration.ofHours(1)), FAILED, HEALTHY));
        Instant created = Instant.parse("2025-12-01T00:00:00Z");

        List<DayUptime> march = UptimeCalculator.days(
                3,
                BERLIN,
                LocalDate.of(2026, 3, 31).atTime(0, 30).atZone(BERLIN).toInstant(),
                created,
                history,
                List.of());
        assertThat(march)
                .extracting(DayUptime::date)
                .containsExactly(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 30), LocalDate.of(2026, 3, 31));
        assertThat(march.get(0).uptime().getAsDouble()).isCloseTo(1 - 1.0 / 23, within(1e-9));
        assertThat(march.get(1).uptime().getAsDouble()).isEqualTo(1.0);

        List<DayUptime> october = UptimeCalculator.days(
                2,
                BERLIN,
                LocalDate.of(2026, 10, 26).atTime(12, 0).atZone(BERLIN).toInstant(),
                created,
                history,
                List.of());
        assertThat(october.get(0).date()).isEqualTo(LocalDate.of(2026, 10, 25));
        assertThat(october.get(0).uptime().getAsDouble()).isCloseTo(1 - 1.0 / 25, within(1e-9));
    }

    @Test
    void daysBeforeTheMonitorExistedHaveNoDataAndTodayCountsUntilNow() {
        Instant created = LocalDate.of(2026, 6, 10).atTime(12, 0).atZone(BERLIN).toInstant();
        List<StatusTransition> history = List.of(
                new StatusTransition(created, UNKNOWN, HEALTHY),
                new StatusTransition(created.plus(Duration.ofHours(1)), HEALTHY, FAILED));
        Instant now = created.plus(Duration.ofHours(2));

        List<DayUptime> strip = UptimeCalculator.days(3, BERLIN, now, created, history, List.of());

        assertThat(strip.get(0).uptime()).isEmpty();
        assertThat(strip.get(1).uptime()).isEmpty();
        // observed 12:00-14:00 today, failed from 13:00: the hours after now are not counted
        assertThat(strip.get(2).uptime().getAsDouble()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void presetsEndNowAndAreNamedAsTheApiNamesThem() {
        assertThat(UptimePreset.ofLabel("7d")).contains(UptimePreset.LAST_7_DAYS);
        assertThat(UptimePreset.ofLabel("1y")).isEmpty();
        assertThat(UptimePreset.LAST_24_HOURS.endingAt(at(24))).isEqualTo(hours(0, 24));
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hours(5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends at or after its start");
    }
}
