package io.cloudroutes.crweb.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cloudroutes.core.Status;
import io.cloudroutes.crweb.CrwebIntegrationTest;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Daily uptime worked out from a monitor's recorded transitions, day by day in the page's time zone. */
@CrwebIntegrationTest
class EventsDailyUptimeTest {

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    UserAccountRepository users;

    @Autowired
    TeamRepository teams;

    private long monitor() {
        UserAccount owner = users.save(new UserAccount("uptime-" + UUID.randomUUID() + "@example.com", "x"));
        Monitor monitor = new Monitor(teams.personalTeamIdOf(owner.getId()), owner.getId(), "uptime", "tcp");
        monitor.setSettings(Map.of("host", "db.internal", "port", "5432"));
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        return monitors.save(monitor).getId();
    }

    private void transition(long monitorId, Status from, Status to, String at) {
        events.save(new MonitorEvent(monitorId, from, to, "test", null, Instant.parse(at)));
    }

    private static DailyUptime at(NamedParameterJdbcTemplate jdbc, String now) {
        return new EventsDailyUptime(jdbc, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    @Test
    void countsTheTimeFailedOfEachDayOverTheTimeItsStatusWasKnown() {
        long id = monitor();
        transition(id, Status.UNKNOWN, Status.HEALTHY, "2026-11-01T12:00:00Z"); // before the window
        transition(id, Status.HEALTHY, Status.FAILED, "2026-11-23T06:00:00Z");
        transition(id, Status.FAILED, Status.HEALTHY, "2026-11-23T12:00:00Z");
        transition(id, Status.HEALTHY, Status.FAILED, "2026-11-24T18:00:00Z"); // failed across midnight
        transition(id, Status.FAILED, Status.HEALTHY, "2026-11-25T06:00:00Z");

        List<DailyUptime.Day> days = at(jdbc, "2026-11-25T12:00:00Z")
                .lastDays(List.of(id), 5, ZoneOffset.UTC)
                .get(id);

        assertThat(days)
                .extracting(DailyUptime.Day::date)
                .containsExactly(
                        LocalDate.parse("2026-11-21"),
                        LocalDate.parse("2026-11-22"),
                        LocalDate.parse("2026-11-23"),
                        LocalDate.parse("2026-11-24"),
                        LocalDate.parse("2026-11-25"));
        assertThat(days.get(0).percent()).isEqualTo(100.0);
        assertThat(days.get(1).percent()).isEqualTo(100.0);
        assertThat(days.get(2).percent()).isEqualTo(75.0); // 6 of 24 hours failed
        assertThat(days.get(3).percent()).isEqualTo(75.0); // 18:00 to midnight
        assertThat(days.get(4).percent()).isEqualTo(50.0); // today so far: 6 of 12 hours
    }

    @Test
    void daysBeforeTheFirstResultHaveNoData() {
        long id = monitor();
        transition(id, Status.UNKNOWN, Status.FAILED, "2026-11-24T12:00:00Z");
        transition(id, Status.FAILED, Status.HEALTHY, "2026-11-24T18:00:00Z");

        List<DailyUptime.Day> days = at(jdbc, "2026-11-25T12:00:00Z")
                .lastDays(List.of(id), 3, ZoneOffset.UTC)
                .get(id);

        assertThat(days.get(0).percent()).isNull();
        assertThat(days.get(1).percent()).isEqualTo(50.0); // known 12:00 to midnight, failed 6 hours of it
        assertThat(days.get(2).percent()).isEqualTo(100.0);
        long silent = monitor();
        assertThat(at(jdbc, "2026-11-25T12:00:00Z")
                        .lastDays(List.of(silent), 3, ZoneOffset.UTC)
                        .get(silent))
                .extracting(DailyUptime.Day::percent)
                .containsOnlyNulls();
    }

    @Test
    void aDayOfADaylightSavingChangeHasItsOwnLength() {
        // Europe/Berlin leaves summer time on 2026-10-25: that day has 25 hours
        long id = monitor();
        transition(id, Status.UNKNOWN, Status.HEALTHY, "2026-10-01T00:00:00Z");
        transition(id, Status.HEALTHY, Status.FAILED, "2026-10-25T09:00:00Z");
        transition(id, Status.FAILED, Status.HEALTHY, "2026-10-25T14:00:00Z");

        List<DailyUptime.Day> days = at(jdbc, "2026-10-27T12:00:00Z")
                .lastDays(List.of(id), 3, ZoneId.of("Europe/Berlin"))
                .get(id);

        assertThat(days.get(0).date()).isEqualTo(LocalDate.parse("2026-10-25"));
        assertThat(days.get(0).percent()).isCloseTo(100.0 * 20 / 25, within(1e-9));
        assertThat(days.get(1).percent()).isEqualTo(100.0);
    }
}
