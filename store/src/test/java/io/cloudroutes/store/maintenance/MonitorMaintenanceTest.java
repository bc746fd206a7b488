package io.cloudroutes.store.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MonitorMaintenanceTest {

    static MaintenanceWindow once(String start, String end, Set<Long> monitorIds, List<String> tags) {
        var window = new MaintenanceWindow(1, Instant.EPOCH);
        window.happenOnce("UTC", Instant.parse(start), Instant.parse(end));
        window.setMonitorIds(monitorIds);
        window.setTags(tags);
        return window;
    }

    @Test
    void aMonitorUnderAWindowThatIsAlwaysOnIsAnsweredAtOnce() {
        // every hour for two hours: a run without end, which once held a page for minutes
        var hourly = new MaintenanceWindow(1, Instant.EPOCH);
        hourly.happenOnCron("UTC", "0 0 * * * *", Duration.ofHours(2));
        hourly.setMonitorIds(Set.of(7L));
        var alsoOn = once("2026-06-01T10:00:00Z", "2026-06-01T12:00:00Z", Set.of(7L), List.of());

        Optional<Instant> until = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> MonitorMaintenance.until(
                        List.of(hourly, alsoOn), 7, List.of(), Instant.parse("2026-06-01T10:30:00Z")));

        assertThat(until)
                .as("the run followed a month ahead: the last hourly occurrence starting within it ends then")
                .contains(Instant.parse("2026-07-02T12:00:00Z"));
    }

    @Test
    void aMonitorIsInMaintenanceUnderAWindowNamingItOrOneOfItsTags() {
        var byId = once("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", Set.of(7L), List.of());
        var byTag = once("2026-06-01T10:00:00Z", "2026-06-01T12:00:00Z", Set.of(), List.of("db"));
        Instant during = Instant.parse("2026-06-01T10:30:00Z");

        assertThat(MonitorMaintenance.until(List.of(byId, byTag), 7, List.of("web"), during))
                .contains(Instant.parse("2026-06-01T11:00:00Z"));
        assertThat(MonitorMaintenance.until(List.of(byId, byTag), 8, List.of("db", "eu"), during))
                .contains(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(MonitorMaintenance.until(List.of(byId, byTag), 9, List.of("web"), during))
                .isEmpty();
    }

    @Test
    void windowsThatFollowEachOtherHoldUntilTheLastEnds() {
        var first = once("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", Set.of(7L), List.of());
        var second = once("2026-06-01T11:00:00Z", "2026-06-01T11:45:00Z", Set.of(), List.of("db"));

        assertThat(MonitorMaintenance.until(
                        List.of(first, second), 7, List.of("db"), Instant.parse("2026-06-01T10:05:00Z")))
                .contains(Instant.parse("2026-06-01T11:45:00Z"));
    }

    @Test
    void theTimeInMaintenanceOverARangeIsClippedAndMerged() {
        var weekly = new MaintenanceWindow(1, Instant.EPOCH);
        weekly.happenOnCron("Europe/Berlin", "0 0 1 * * *", Duration.ofHours(2));
        weekly.setTags(List.of("db"));
        var once = once("2026-06-02T00:30:00Z", "2026-06-02T03:00:00Z", Set.of(7L), List.of());

        List<Occurrence> within = MonitorMaintenance.within(
                List.of(weekly, once),
                7,
                List.of("db"),
                Instant.parse("2026-06-01T00:00:00Z"),
                Instant.parse("2026-06-02T02:00:00Z"));

        // 01:00 Berlin is 23:00 UTC the day before in summer
        assertThat(within)
                .containsExactly(
                        new Occurrence(Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-06-01T01:00:00Z")),
                        new Occurrence(Instant.parse("2026-06-01T23:00:00Z"), Instant.parse("2026-06-02T02:00:00Z")));
    }
}
