package io.cloudroutes.store.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.store.StoreConfiguration;
import io.cloudroutes.store.TestDatabase;
import io.cloudroutes.store.TestPostgres;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        classes = MaintenanceWindowRepositoryTest.App.class,
        properties = "spring.jpa.hibernate.ddl-auto=validate")
class MaintenanceWindowRepositoryTest {

    @SpringBootApplication
    @Import(StoreConfiguration.class)
    static class App {}

    static TestPostgres postgres;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        postgres = TestPostgres.start();
        TestDatabase.useWithRoles(postgres, registry);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Autowired
    UserAccountRepository users;

    @Autowired
    TeamRepository teams;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    MaintenanceWindowRepository windows;

    @Test
    void aWindowKeepsItsScheduleMonitorsAndTagsAndIsSeenByItsTeamOnly() {
        UserAccount alice = users.save(new UserAccount("alice-" + System.nanoTime() + "@example.com", "x"));
        UserAccount bob = users.save(new UserAccount("bob-" + System.nanoTime() + "@example.com", "x"));
        long team = teams.personalTeamIdOf(alice.getId());
        Monitor db = monitor(team, alice, "db", List.of("db", "eu"));
        Monitor web = monitor(team, alice, "web", List.of("web"));
        MaintenanceWindow window = new MaintenanceWindow(team, Instant.parse("2026-06-01T00:00:00Z"));
        window.setName("patch night");
        window.happenWeekly(
                "Europe/Berlin",
                EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.MONDAY),
                LocalTime.of(2, 30),
                Duration.ofHours(2));
        window.setMonitorIds(Set.of(web.getId()));
        window.setTags(List.of("db"));
        windows.save(window);

        MaintenanceWindow loaded = windows.findAllOfTeam(team).getFirst();
        assertThat(loaded.getKind()).isEqualTo(MaintenanceWindow.Kind.WEEKLY);
        assertThat(loaded.days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY);
        assertThat(loaded.getStartTime()).isEqualTo(LocalTime.of(2, 30));
        assertThat(loaded.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(loaded.getMonitorIds()).containsExactly(web.getId());
        assertThat(windows.monitorIdsTagged(team, new String[] {"db", "other"})).containsExactly(db.getId());
        assertThat(windows.monitorIdsOfTeam(team, new Long[] {db.getId(), 999_999L}))
                .containsExactly(db.getId());
        assertThat(windows.findByIdAndTeamId(window.getId(), teams.personalTeamIdOf(bob.getId())))
                .isEmpty();
        assertThat(windows.findAllWithMonitors())
                .extracting(MaintenanceWindow::getName)
                .contains("patch night");

        monitors.delete(web);
        assertThat(windows.findAllOfTeam(team).getFirst().getMonitorIds()).isEmpty();
    }

    Monitor monitor(long team, UserAccount owner, String name, List<String> tags) {
        Monitor monitor = new Monitor(team, owner.getId(), name, "http");
        monitor.setIntervalSeconds(30);
        monitor.setTimeoutSeconds(5);
        monitor.setTags(tags);
        return monitors.save(monitor);
    }
}
