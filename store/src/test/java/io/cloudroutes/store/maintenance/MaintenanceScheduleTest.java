package io.cloudroutes.store.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

class MaintenanceScheduleTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant at(String localDateTime, ZoneId zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), zone)
                .toInstant();
    }

    @Test
    void aOneOffWindowHoldsFromItsStartUpToItsEnd() {
        var once = new MaintenanceSchedule.Once(
                Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T12:00:00Z"));

        assertThat(once.activeUntil(Instant.parse("2026-03-01T09:59:59Z"))).isEmpty();
        assertThat(once.activeUntil(Instant.parse("2026-03-01T10:00:00Z")))
                .contains(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(once.activeUntil(Instant.parse("2026-03-01T12:00:00Z"))).isEmpty();
        assertThat(once.occurrences(Instant.parse("2026-03-01T11:00:00Z"), Instant.parse("2026-03-02T00:00:00Z")))
                .containsExactly(
                        new Occurrence(Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T12:00:00Z")));
        assertThat(once.occurrences(Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-03-02T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void aCronWindowStartsAtEachTimeItNamesInItsZone() {
        // every Sunday at 03:00 in New York, for an hour
        var cron = new MaintenanceSchedule.Cron(CronExpression.parse("0 0 3 * * SUN"), Duration.ofHours(1), NEW_YORK);

        List<Occurrence> occurrences =
                cron.occurrences(at("2026-06-01T00:00", NEW_YORK), at("2026-06-15T00:00", NEW_YORK));

        assertThat(occurrences)
                .containsExactly(
                        new Occurrence(at("2026-06-07T03:00", NEW_YORK), at("2026-06-07T04:00", NEW_YORK)),
                        new Occurrence(at("2026-06-14T03:00", NEW_YORK), at("2026-06-14T04:00", NEW_YORK)));
        assertThat(occurrences.getFirst().start()).isEqualTo(Instant.parse("2026-06-07T07:00:00Z"));
        assertThat(cron.activeUntil(at("2026-06-07T03:30", NEW_YORK))).contains(at("2026-06-07T04:00", NEW_YORK));
        assertThat(cron.activeUntil(at("2026-06-07T04:00", NEW_YORK))).isEmpty();
    }

    @Test
    void anOccurrenceThatBeganBeforeTheRangeIsPartOfIt() {
        var cron = new MaintenanceSchedule.Cron(CronExpression.parse("0 0 23 * * *"), Duration.ofHours(3), BERLIN);

        assertThat(cron.occurrences(at("2026-06-02T00:00", BERLIN), at("2026-06-02T01:00", BERLIN)))
                .containsExactly(new Occurrence(at("2026-06-01T23:00", BERLIN), at("2026-06-02T02:00", BERLIN)));
    }

    @Test
    void aWeeklyWindowHappensOnItsDaysAtItsLocalTime() {
        var weekly = new MaintenanceSchedule.Weekly(
                EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY), LocalTime.of(22, 0), Duration.ofMinutes(90), BERLIN);

        // 2026-06-01 is a Monday
        assertThat(weekly.occurrences(at("2026-06-01T00:00", BERLIN), at("2026-06-08T00:00", BERLIN)))
                .containsExactly(
                        new Occurrence(at("2026-06-02T22:00", BERLIN), at("2026-06-02T23:30", BERLIN)),
                        new Occurrence(at("2026-06-04T22:00", BERLIN), at("2026-06-04T23:30", BERLIN)));
        assertThat(weekly.activeUntil(at("2026-06-02T23:29", BERLIN))).contains(at("2026-06-02T23:30", BERLIN));
        assertThat(weekly.activeUntil(at("2026-06-03T22:30", BERLIN))).isEmpty();
    }

    @Test
    void aWeeklyStartInTheHourSkippedInSpringMovesForwardByTheGap() {
        // 2026-03-29: Berlin goes from 02:00 straight to 03:00
        var weekly = new MaintenanceSchedule.Weekly(
                Set.of(DayOfWeek.SUNDAY), LocalTime.of(2, 30), Duration.ofHours(1), BERLIN);

        assertThat(weekly.occurrences(at("2026-03-29T00:00", BERLIN), at("2026-03-30T00:00", BERLIN)))
                .containsExactly(
                        new Occurrence(Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-03-29T02:30:00Z")));
        // that is 03:30 to 04:30 summer time, an hour of real time as asked
        assertThat(ZonedDateTime.ofInstant(Instant.parse("2026-03-29T01:30:00Z"), BERLIN)
                        .toLocalTime())
                .isEqualTo(LocalTime.of(3, 30));
    }

    @Test
    void aCronStartInTheHourSkippedInSpringStillHappensThatDay() {
        var cron = new MaintenanceSchedule.Cron(CronExpression.parse("0 30 2 * * *"), Duration.ofHours(1), BERLIN);

        List<Occurrence> occurrences = cron.occurrences(at("2026-03-28T12:00", BERLIN), at("2026-03-30T12:00", BERLIN));

        assertThat(occurrences).hasSize(2);
        assertThat(occurrences.get(0).start()).isEqualTo(at("2026-03-29T02:30", BERLIN));
        assertThat(occurrences.get(0).start()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(occurrences.get(1).start()).isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
    }

    @Test
    void aWindowAcrossTheHourRepeatedInAutumnLastsItsRealDuration() {
        // 2026-10-25: Berlin goes from 03:00 summer time back to 02:00 winter time; 01:30 plus two hours is 02:30
        // winter
        var weekly = new MaintenanceSchedule.Weekly(
                Set.of(DayOfWeek.SUNDAY), LocalTime.of(1, 30), Duration.ofHours(2), BERLIN);

        List<Occurrence> occurrences =
                weekly.occurrences(at("2026-10-25T00:00", BERLIN), at("2026-10-26T00:00", BERLIN));

        assertThat(occurrences)
                .containsExactly(
                        new Occurrence(Instant.parse("2026-10-24T23:30:00Z"), Instant.parse("2026-10-25T01:30:00Z")));
        assertThat(weekly.activeUntil(Instant.parse("2026-10-25T01:10:00Z")))
                .contains(Instant.parse("2026-10-25T01:30:00Z"));
    }

    @Test
    void aStartInTheHourRepeatedInAutumnHappensOnce() {
        var weekly = new MaintenanceSchedule.Weekly(
                Set.of(DayOfWeek.SUNDAY), LocalTime.of(2, 30), Duration.ofMinutes(15), BERLIN);
        var cron = new MaintenanceSchedule.Cron(CronExpression.parse("0 30 2 * * SUN"), Duration.ofMinutes(15), BERLIN);

        Instant from = at("2026-10-25T00:00", BERLIN);
        Instant to = at("2026-10-26T00:00", BERLIN);
        assertThat(weekly.occurrences(from, to)).hasSize(1);
        assertThat(weekly.occurrences(from, to).getFirst().start()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(cron.occurrences(from, to)).hasSize(1);
        assertThat(cron.occurrences(from, to).getFirst().start()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void theSameWeeklyTimeIsADifferentInstantInAnotherZone() {
        var berlin = new MaintenanceSchedule.Weekly(
                Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), Duration.ofHours(1), BERLIN);
        var newYork = new MaintenanceSchedule.Weekly(
                Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), Duration.ofHours(1), NEW_YORK);

        Instant from = Instant.parse("2026-06-01T00:00:00Z");
        Instant to = Instant.parse("2026-06-02T00:00:00Z");
        assertThat(berlin.occurrences(from, to).getFirst().start()).isEqualTo(Instant.parse("2026-06-01T07:00:00Z"));
        assertThat(newYork.occurrences(from, to).getFirst().start()).isEqualTo(Instant.parse("2026-06-01T13:00:00Z"));
    }

    @Test
    void overlappingOccurrencesHoldUntilTheLastOfThemEnds() {
        // every hour, for ninety minutes: never a gap
        var cron = new MaintenanceSchedule.Cron(CronExpression.parse("0 0 * * * *"), Duration.ofMinutes(90), BERLIN);
        var once = new MaintenanceSchedule.Once(
                Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T11:00:00Z"));

        assertThat(once.activeUntil(Instant.parse("2026-06-01T10:30:00Z")))
                .contains(Instant.parse("2026-06-01T11:00:00Z"));
        assertThat(cron.activeUntil(Instant.parse("2026-06-01T10:30:00Z"))).isPresent();
    }

    @Test
    void aWindowThatIsAlwaysOnIsFollowedAMonthAheadAndMovesOnWithTime() {
        // every hour for two hours: each occurrence overlaps the next, so the run never ends
        var cron = new MaintenanceSchedule.Cron(
                CronExpression.parse("0 0 * * * *"), Duration.ofHours(2), ZoneId.of("UTC"));

        // the last occurrence that starts within 31 days (07-02 10:00) ends two hours later
        assertThat(cron.activeUntil(Instant.parse("2026-06-01T10:30:00Z")))
                .contains(Instant.parse("2026-07-02T12:00:00Z"));
        assertThat(cron.activeUntil(Instant.parse("2026-06-01T11:30:00Z")))
                .contains(Instant.parse("2026-07-02T13:00:00Z"));
    }

    @Test
    void theCronExamplesOfTheDocumentationHappenWhenTheySay() {
        Instant from = Instant.parse("2026-06-01T00:00:00Z");
        Instant to = Instant.parse("2026-07-01T00:00:00Z");
        assertThat(new MaintenanceSchedule.Cron(
                                CronExpression.parse("0 0 4 L * *"), Duration.ofHours(1), ZoneId.of("UTC"))
                        .occurrences(from, to))
                .extracting(Occurrence::start)
                .containsExactly(Instant.parse("2026-06-30T04:00:00Z"));
        assertThat(new MaintenanceSchedule.Cron(
                                CronExpression.parse("0 0 2 * * SAT#1"), Duration.ofHours(1), ZoneId.of("UTC"))
                        .occurrences(from, to))
                .extracting(Occurrence::start)
                .containsExactly(Instant.parse("2026-06-06T02:00:00Z"));
        assertThat(new MaintenanceSchedule.Cron(
                                CronExpression.parse("0 0 22 * * MON-FRI"), Duration.ofHours(1), ZoneId.of("UTC"))
                        .occurrences(from, to))
                .hasSize(22);
    }
}
