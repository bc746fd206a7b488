package io.cloudroutes.crbridge.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.actioner.ActionerInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** History older than the retention period goes in the daily clean-up; what is younger stays. Real PostgreSQL. */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.config.name=crbridge",
            "cloudroutes.retention.days=30",
            "cloudroutes.retention.audit-days=90"
        })
@DirtiesContext
class RetentionCleanerTest {

    @Autowired
    TeamRepository teamRepository;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
    }

    @Autowired
    RetentionCleaner cleaner;

    @Autowired
    JdbcTemplate sql;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    /** A transition at {@code at} with a reaction run, its attempt and its finished job, as the actioner writes them. */
    private void historyAt(long monitorId, Instant at, String episode) {
        Timestamp when = Timestamp.from(at);
        Long event = sql.queryForObject(
                "insert into events (monitor_id, from_status, to_status, reason, occurred_at, "
                        + "episode) values (?, 'HEALTHY', 'FAILED', 'HTTP 503', ?, ?) returning id",
                Long.class,
                monitorId,
                when,
                episode);
        Long run = sql.queryForObject(
                "insert into reaction_runs (monitor_id, reaction_name, event_id, outcome, "
                        + "output, started_at, finished_at) values (?, 'page ops', ?, 'EXECUTED', 'HTTP 200', ?, ?) "
                        + "returning id",
                Long.class,
                monitorId,
                event,
                when,
                when);
        sql.update(
                "insert into reaction_attempts (run_id, attempt, outcome, retryable, output, started_at, "
                        + "finished_at) values (?, 1, 'EXECUTED', false, 'HTTP 200', ?, ?)",
                run,
                when,
                when);
    }

    private List<String> episodes(long monitorId) {
        return sql.queryForList(
                "select episode from events where monitor_id = ? order by occurred_at", String.class, monitorId);
    }

    @Test
    void theCleanUpDeletesHistoryOlderThanTheRetentionPeriodAndKeepsTheRest() throws SQLException {
        UserAccount owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "checkout", "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        long id = monitors.save(monitor).getId();
        historyAt(id, Instant.now().minus(Duration.ofDays(31)), "old");
        historyAt(id, Instant.now().minus(Duration.ofDays(29)), "recent");

        cleaner.cleanUp();

        assertThat(episodes(id)).containsExactly("recent");
        assertThat(sql.queryForList("select output from reaction_runs where monitor_id = ?", String.class, id))
                .hasSize(1);
        assertThat(sql.queryForObject(
                        "select count(*) from reaction_attempts a join reaction_runs r "
                                + "on r.id = a.run_id where r.monitor_id = ?",
                        Integer.class,
                        id))
                .isEqualTo(1);
        assertThat(sql.queryForObject(
                        "select count(*) from reaction_attempts where started_at < now() - " + "interval '30 days'",
                        Integer.class))
                .isZero();
    }

    @Test
    void auditLogEntriesAreKeptForTheirOwnPeriod() throws SQLException {
        UserAccount owner = users.save(new UserAccount("audit-" + UUID.randomUUID() + "@example.com", "x"));
        long team = teamRepository.personalTeamIdOf(owner.getId());
        for (int daysAgo : new int[] {91, 89, 31}) {
            sql.update(
                    "insert into audit_events (team_id, actor_id, actor, action, target_type, target_name, occurred_at) "
                            + "values (?, ?, ?, 'monitor.created', 'monitor', ?, ?)",
                    team,
                    owner.getId(),
                    owner.getEmail(),
                    daysAgo + " days ago",
                    Timestamp.from(Instant.now().minus(Duration.ofDays(daysAgo))));
        }

        cleaner.cleanUp();

        // history goes after 30 days, the audit log after 90
        assertThat(sql.queryForList(
                        "select target_name from audit_events where team_id = ? order by occurred_at",
                        String.class,
                        team))
                .containsExactly("89 days ago", "31 days ago");
    }
}
