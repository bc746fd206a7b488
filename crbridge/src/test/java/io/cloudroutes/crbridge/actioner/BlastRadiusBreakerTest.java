package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The blast-radius breaker with its default limits (30% of a team's monitors within 5 min, 5 disruptive runs within
 * 10 min, a 30 s settle delay): a zone-wide outage holds every failover of the wave and tells on-call once, with two
 * actioners; a team's disruptive run beyond its limit is held; every zone's canary failing holds them too; a trip
 * closes after a whole calm window and leaves its held runs for a person, who releases one to run it once. Against
 * real PostgreSQL, Redis, SMTP and an HTTP receiver on loopback, on a clock the test moves.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "cloudroutes.public-url=https://cr.example.com"})
@DirtiesContext
@Import({ActionerFixtures.Repositories.class, ActionerInfrastructure.MovableClock.class})
class BlastRadiusBreakerTest {

    private static final String SHARE_REASON =
            "held: 40% of team 'ops' monitors failed within 5 min (limit 30%); release on the Held runs page";

    @RegisterExtension
    static GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static ActionerInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = ActionerInfrastructure.startWithBreaker(registry);
        registry.add("cloudroutes.smtp.host", () -> "127.0.0.1");
        registry.add("cloudroutes.smtp.port", () -> smtp.getSmtp().getPort());
    }

    @Autowired
    ActionerFixtures.Repositories crbridge;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    ReactionJobs jobs;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ActionerInfrastructure.TestClock clock;

    ActionerFixtures fixtures;
    ReactionRunLog runLog;
    HttpReceiver receiver;
    Instant start;

    @BeforeEach
    void aTeamOfItsOwnOnAQuietSystem() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        // the events of earlier tests are real-time stamped: the clock starts at the real time, their monitors stop
        // counting, and what they tripped is over
        start = Instant.now();
        clock.set(start);
        jdbc.update("update monitors set enabled = false");
        jdbc.update("update safeguard_trips set closed_at = now() where closed_at is null");
        infrastructure.asOperator(redis -> redis.del(RedisKeys.ZONES_SEEN));
        fixtures = crbridge.forNewOwner("ops");
        jdbc.update("update teams set name = 'ops' where id = ?", fixtures.teamId());
        jdbc.update("update team_members set on_call = true where team_id = ?", fixtures.teamId());
        runLog = crbridge.runLog();
        receiver = new HttpReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** A POST to the receiver that the reaction says is disruptive: a failover. */
    private ReactionConfig failover() {
        ReactionConfig reaction =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "fail over", "http-request");
        reaction.setSettings(Map.of("method", "POST", "url", receiver.url("/failover")));
        reaction.setCallOn(CallOn.FAILED);
        reaction.setDisruptive(true);
        return reactions.save(reaction);
    }

    private List<Monitor> healthyMonitors(int count, ReactionConfig reaction) {
        List<Monitor> monitors = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Monitor monitor = fixtures.monitor("service-" + i, reaction);
            fixtures.report(monitor, Status.HEALTHY, "up");
            monitors.add(monitor);
        }
        return monitors;
    }

    private long openTrips(Long teamId, String kind) {
        return jdbc.queryForObject(
                "select count(*) from safeguard_trips where coalesce(team_id, 0) = coalesce(?, 0) and kind = ? "
                        + "and closed_at is null",
                Long.class,
                teamId,
                kind);
    }

    /**
     * Moves the clock past the settle delay of the runs decided so far, so that they are admitted now (the second
     * actioner decides on the real clock).
     */
    private void settled() {
        Instant now = Instant.now();
        clock.set((clock.instant().isAfter(now) ? clock.instant() : now).plus(Duration.ofSeconds(31)));
    }

    private List<String> breakerNotices() {
        return ActionerFixtures.subjects(smtp).stream()
                .filter(subject -> subject.startsWith("[CloudRoutes] breaker open"))
                .toList();
    }

    @Test
    void aZoneWideOutageOfFortyPercentHoldsEveryFailoverAndTellsOnCallOnce() throws Exception {
        ReactionConfig failover = failover();
        List<Monitor> monitors = healthyMonitors(10, failover);

        try (ConfigurableApplicationContext second = infrastructure.anotherActioner(
                "cloudroutes.smtp.host=127.0.0.1",
                "cloudroutes.smtp.port=" + smtp.getSmtp().getPort(),
                "cloudroutes.public-url=https://cr.example.com")) {
            // the wave: the first failures come before the share passes the limit, and still wait out the settle delay
            for (Monitor monitor : monitors.subList(0, 4)) {
                fixtures.report(monitor, Status.FAILED, "connection refused");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> openTrips(fixtures.teamId(), "FAILED_SHARE") == 1);
            settled();

            for (Monitor monitor : monitors.subList(0, 4)) {
                assertThat(runLog.await(monitor, failover, 1)).singleElement().satisfies(run -> {
                    assertThat(run.getOutcome()).isEqualTo(ReactionOutcome.HELD);
                    assertThat(run.getOutput()).isEqualTo(SHARE_REASON);
                });
                assertThat(jobs.held(monitor.getId()))
                        .singleElement()
                        .satisfies(held -> assertThat(held.kind()).isEqualTo(Safeguards.HeldKind.BREAKER));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> breakerNotices().size() == 1);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> breakerNotices().size() == 1);
            assertThat(receiver.hits("/failover")).isZero();
        }

        MimeMessage notice = smtp.getReceivedMessages()[0];
        assertThat(notice.getAllRecipients()[0].toString())
                .isEqualTo(fixtures.owner().getEmail());
        assertThat(notice.getSubject())
                .isEqualTo("[CloudRoutes] breaker open for team 'ops': disruptive actions are held");
        assertThat(GreenMailUtil.getBody(notice)).containsPattern("https://cr\\.example\\.com/held-runs\\s");

        // a person releases one: it runs once, the others stay held
        long released = jobs.held(monitors.getFirst().getId()).getFirst().jobId();
        assertThat(jobs.release(released, "alice@example.com")).isTrue();
        List<ReactionRun> runs = runLog.await(monitors.getFirst(), failover, 2);
        assertThat(runs.get(1).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(runs.get(1).getOutput()).startsWith("held, now run: released by alice@example.com; ");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> receiver.hits("/failover") == 1);
        assertThat(jobs.held(monitors.get(1).getId())).hasSize(1);
    }

    @Test
    void theTripClosesAfterAWholeCalmWindowAndLeavesItsHeldRunsToAPerson() {
        ReactionConfig failover = failover();
        List<Monitor> monitors = healthyMonitors(6, failover);
        for (Monitor monitor : monitors.subList(0, 3)) {
            fixtures.report(monitor, Status.FAILED, "connection refused");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openTrips(fixtures.teamId(), "FAILED_SHARE") == 1);
        settled();
        runLog.await(monitors.getFirst(), failover, 1);

        // the failures leave the window: calm from here, closed a whole window later
        clock.set(Instant.now().plus(Duration.ofMinutes(6)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from safeguard_trips where team_id = ? and calm_since is not null",
                                Long.class,
                                fixtures.teamId())
                        == 1);
        assertThat(openTrips(fixtures.teamId(), "FAILED_SHARE")).isEqualTo(1);
        clock.set(clock.instant().plus(Duration.ofMinutes(4)));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> openTrips(fixtures.teamId(), "FAILED_SHARE") == 1);
        clock.set(clock.instant().plus(Duration.ofMinutes(1)).plusSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> openTrips(fixtures.teamId(), "FAILED_SHARE") == 0);

        // nothing held is let go by itself
        for (Monitor monitor : monitors.subList(0, 3)) {
            assertThat(jobs.held(monitor.getId())).hasSize(1);
        }
        // a new failure's failover runs again
        fixtures.report(monitors.get(4), Status.FAILED, "connection refused");
        settled();
        assertThat(runLog.await(monitors.get(4), failover, 1).getFirst().getOutcome())
                .isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(receiver.hits("/failover")).isEqualTo(1);
    }

    @Test
    void aTeamsDisruptiveRunBeyondItsLimitWithinTheWindowIsHeld() {
        // two disruptive runs within 10 min; a share of failures that can never trip
        jdbc.update(
                "update teams set breaker_disruptive_runs = 2, breaker_runs_minutes = 10, breaker_share_percent = 100 "
                        + "where id = ?",
                fixtures.teamId());
        ReactionConfig failover = failover();
        // three failures of eleven monitors stay below the share over all monitors too
        List<Monitor> monitors = healthyMonitors(11, failover);
        for (Monitor monitor : monitors.subList(0, 2)) {
            fixtures.report(monitor, Status.FAILED, "connection refused");
            settled();
            assertThat(runLog.await(monitor, failover, 1).getFirst().getOutcome())
                    .isEqualTo(ReactionOutcome.EXECUTED);
        }
        fixtures.report(monitors.get(2), Status.FAILED, "connection refused");
        settled();

        assertThat(runLog.await(monitors.get(2), failover, 1)).singleElement().satisfies(run -> {
            assertThat(run.getOutcome()).isEqualTo(ReactionOutcome.HELD);
            assertThat(run.getOutput())
                    .isEqualTo("held: more than 2 disruptive runs of team 'ops' within 10 min (limit 2); "
                            + "release on the Held runs page");
        });
        assertThat(receiver.hits("/failover")).isEqualTo(2);
        assertThat(openTrips(fixtures.teamId(), "DISRUPTIVE_RUNS")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> breakerNotices().size() == 1);

        // once the window has passed, the team is below its limit again
        clock.set(clock.instant().plus(Duration.ofMinutes(11)));
        await().atMost(Duration.ofSeconds(10)).until(() -> openTrips(fixtures.teamId(), "DISRUPTIVE_RUNS") == 0);
    }

    @Test
    void everyZonesCanaryFailingOpensTheChecketsTripAndHoldsFailovers() {
        ReactionConfig failover = failover();
        Monitor api = fixtures.monitor("api", failover);
        fixtures.report(api, Status.HEALTHY, "up"); // the zone "default" votes
        fixtures.report(api, Status.FAILED, "connection refused");
        assertThat(openTrips(null, "CHECKERS")).isZero();

        // then every zone heard cannot reach its canary
        clock.set(clock.instant().plusSeconds(1));
        for (String zone : List.of("default", "eu-west")) {
            ActionerInfrastructure.appendAndAwaitFolded(
                    fixtures.redis(),
                    CheckResult.abstained(
                            ResultIds.newJob(),
                            api.getId(),
                            zone,
                            "worker-" + zone,
                            Status.FAILED,
                            CheckResult.CANARY_DOWN + " (connection timed out)",
                            5000,
                            System.currentTimeMillis()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openTrips(null, "CHECKERS") == 1);
        settled();

        assertThat(runLog.await(api, failover, 1)).singleElement().satisfies(run -> {
            assertThat(run.getOutcome()).isEqualTo(ReactionOutcome.HELD);
            assertThat(run.getOutput())
                    .isEqualTo("held: every zone's canary fails (default, eu-west): CloudRoutes' own "
                            + "checkers may be wrong; release on the Held runs page");
        });
        assertThat(receiver.hits("/failover")).isZero();
    }
}
