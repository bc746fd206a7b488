package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sites behind a load balancer depend on the balancer's monitor: while it is FAILED their failures are recorded but
 * their reactions are held (one notice, the balancer's, through a real SMTP server), and a site still failing when the
 * balancer recovers is told of once.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "cloudroutes.public-url=https://cr.example.com"})
@DirtiesContext
class DependencyHoldTest {

    @RegisterExtension
    static GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
        registry.add("cloudroutes.smtp.host", () -> "127.0.0.1");
        registry.add("cloudroutes.smtp.port", () -> smtp.getSmtp().getPort());
    }

    @Autowired
    TeamRepository teams;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    ReactionRunRepository runs;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    UserAccount owner;
    ActionerFixtures fixtures;

    @BeforeEach
    void anOwnerAndAnEmptyMailbox() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        redis = connection.sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        fixtures =
                new ActionerFixtures(owner, teams.personalTeamIdOf(owner.getId()), monitors, reactions, outbox, redis);
    }

    private ReactionConfig mail(String name) {
        ReactionConfig reaction =
                new ReactionConfig(teams.personalTeamIdOf(owner.getId()), owner.getId(), name, "email");
        reaction.setSettings(Map.of("to", "oncall@example.com"));
        reaction.setCallOn(CallOn.BOTH);
        return reactions.save(reaction);
    }

    private void dependsOn(Monitor child, Monitor parent) {
        jdbc.update(
                "insert into monitor_dependencies (monitor_id, depends_on_id) values (?, ?)",
                child.getId(),
                parent.getId());
    }

    private List<ReactionRun> runsOf(Monitor monitor, ReactionConfig reaction) {
        return runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId());
    }

    private void awaitRuns(Monitor monitor, ReactionConfig reaction, int count) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runsOf(monitor, reaction).size() == count);
    }

    private int failedEvents(Monitor monitor) {
        return jdbc.queryForObject(
                "select count(*) from events where monitor_id = ? and to_status = 'FAILED'",
                Integer.class,
                monitor.getId());
    }

    /** A balancer with two sites behind it, all healthy. */
    private record Fleet(
            Monitor lb,
            ReactionConfig lbMail,
            Monitor api,
            ReactionConfig apiMail,
            Monitor web,
            ReactionConfig webMail) {}

    private Fleet fleet() {
        ReactionConfig lbMail = mail("tell on-call of the balancer");
        ReactionConfig apiMail = mail("tell on-call of the api");
        ReactionConfig webMail = mail("tell on-call of the site");
        Monitor lb = fixtures.monitor("lb", lbMail);
        Monitor api = fixtures.monitor("api", apiMail);
        Monitor web = fixtures.monitor("web", webMail);
        dependsOn(api, lb);
        dependsOn(web, lb);
        fixtures.report(lb, Status.HEALTHY, "up");
        fixtures.report(api, Status.HEALTHY, "up");
        fixtures.report(web, Status.HEALTHY, "up");
        return new Fleet(lb, lbMail, api, apiMail, web, webMail);
    }

    /** The balancer fails, then the sites behind it; the balancer's notice is the only one. */
    private Fleet balancerDownThenSites() {
        Fleet fleet = fleet();
        fixtures.report(fleet.lb(), Status.FAILED, "connection refused");
        awaitRuns(fleet.lb(), fleet.lbMail(), 1);
        fixtures.report(fleet.api(), Status.FAILED, "HTTP 502");
        fixtures.report(fleet.web(), Status.FAILED, "HTTP 502");
        awaitRuns(fleet.api(), fleet.apiMail(), 1);
        awaitRuns(fleet.web(), fleet.webMail(), 1);
        return fleet;
    }

    @Test
    void aFailedParentHoldsItsChildrensReactionsAndTheParentsNoticeIsTheOnlyOne() {
        Fleet fleet = balancerDownThenSites();

        assertThat(runsOf(fleet.api(), fleet.apiMail()))
                .extracting(ReactionRun::getOutcome, ReactionRun::getOutput)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        ReactionOutcome.SKIPPED,
                        "held: depends on 'lb' (monitor " + fleet.lb().getId() + "), which is FAILED"));
        assertThat(runsOf(fleet.web(), fleet.webMail()))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.SKIPPED);
        // the children's failures are on record all the same
        assertThat(failedEvents(fleet.api())).isEqualTo(1);
        assertThat(failedEvents(fleet.web())).isEqualTo(1);
        assertThat(ActionerFixtures.subjects(smtp)).containsExactly("[CloudRoutes] lb is FAILED");
    }

    @Test
    void aChildFailingAloneRunsItsReactions() {
        Fleet fleet = fleet();
        fixtures.report(fleet.api(), Status.FAILED, "HTTP 500");
        awaitRuns(fleet.api(), fleet.apiMail(), 1);

        assertThat(runsOf(fleet.api(), fleet.apiMail()))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.EXECUTED);
        assertThat(ActionerFixtures.subjects(smtp)).containsExactly("[CloudRoutes] api is FAILED");
    }

    @Test
    void aChildStillFailingWhenItsParentRecoversIsToldOfOnceAndItsRecoveryToo() {
        Fleet fleet = balancerDownThenSites();
        fixtures.report(fleet.web(), Status.HEALTHY, "HTTP 200"); // the site came back with the balancer's first retry

        fixtures.report(fleet.lb(), Status.HEALTHY, "up");
        awaitRuns(fleet.lb(), fleet.lbMail(), 2);
        awaitRuns(fleet.api(), fleet.apiMail(), 2);
        fixtures.report(fleet.api(), Status.FAILED, "HTTP 500"); // failing on: no further notice

        assertThat(runsOf(fleet.api(), fleet.apiMail()))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.SKIPPED, ReactionOutcome.EXECUTED);
        assertThat(runsOf(fleet.api(), fleet.apiMail()).get(1).getOutput())
                .startsWith("held, now run: the monitor it depends on recovered and api is still failing");
        assertThat(ActionerFixtures.subjects(smtp))
                .containsExactlyInAnyOrder(
                        "[CloudRoutes] lb is FAILED", "[CloudRoutes] lb recovered", "[CloudRoutes] api is FAILED");

        fixtures.report(fleet.api(), Status.HEALTHY, "HTTP 200");
        awaitRuns(fleet.api(), fleet.apiMail(), 3);
        assertThat(runsOf(fleet.api(), fleet.apiMail()).get(2).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(ActionerFixtures.subjects(smtp))
                .contains("[CloudRoutes] api recovered")
                .hasSize(4);
    }

    @Test
    void aChildRecoveringWhileItsParentIsStillFailedAnnouncesNoRecoveryNobodyHeardTheFailureOf() {
        Fleet fleet = balancerDownThenSites();
        fixtures.report(fleet.api(), Status.HEALTHY, "HTTP 200");
        awaitRuns(fleet.api(), fleet.apiMail(), 2);

        assertThat(runsOf(fleet.api(), fleet.apiMail()).get(1).getOutput())
                .isEqualTo("not run: nobody was told of the failure of api (its reactions were held while 'lb' was "
                        + "FAILED), so its recovery is not announced either");
        assertThat(ActionerFixtures.subjects(smtp)).containsExactly("[CloudRoutes] lb is FAILED");
    }
}
