package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sites behind a load balancer depend on the balancer's monitor: while it is FAILED their failures are recorded but
 * their reactions are held (one notice, the balancer's, through a real SMTP server), and a site still failing when the
 * balancer recovers is told of once.
 */
class DependencyHoldTest extends ActionerWithSmtp {

    @Autowired
    JdbcTemplate jdbc;

    private void dependsOn(Monitor child, Monitor parent) {
        jdbc.update(
                "insert into monitor_dependencies (monitor_id, depends_on_id) values (?, ?)",
                child.getId(),
                parent.getId());
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
        ReactionConfig lbMail = fixtures.emailOnBothChanges("tell on-call of the balancer", 0);
        ReactionConfig apiMail = fixtures.emailOnBothChanges("tell on-call of the api", 0);
        ReactionConfig webMail = fixtures.emailOnBothChanges("tell on-call of the site", 0);
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
        runLog.await(fleet.lb(), fleet.lbMail(), 1);
        fixtures.report(fleet.api(), Status.FAILED, "HTTP 502");
        fixtures.report(fleet.web(), Status.FAILED, "HTTP 502");
        runLog.await(fleet.api(), fleet.apiMail(), 1);
        runLog.await(fleet.web(), fleet.webMail(), 1);
        return fleet;
    }

    @Test
    void aFailedParentHoldsItsChildrensReactionsAndTheParentsNoticeIsTheOnlyOne() {
        Fleet fleet = balancerDownThenSites();

        assertThat(runLog.of(fleet.api(), fleet.apiMail()))
                .extracting(ReactionRun::getOutcome, ReactionRun::getOutput)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        ReactionOutcome.SKIPPED,
                        "held: depends on 'lb' (monitor " + fleet.lb().getId() + "), which is FAILED"));
        assertThat(runLog.of(fleet.web(), fleet.webMail()))
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
        runLog.await(fleet.api(), fleet.apiMail(), 1);

        assertThat(runLog.of(fleet.api(), fleet.apiMail()))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.EXECUTED);
        assertThat(ActionerFixtures.subjects(smtp)).containsExactly("[CloudRoutes] api is FAILED");
    }

    @Test
    void aChildStillFailingWhenItsParentRecoversIsToldOfOnceAndItsRecoveryToo() {
        Fleet fleet = balancerDownThenSites();
        fixtures.report(fleet.web(), Status.HEALTHY, "HTTP 200"); // the site came back with the balancer's first retry

        fixtures.report(fleet.lb(), Status.HEALTHY, "up");
        runLog.await(fleet.lb(), fleet.lbMail(), 2);
        runLog.await(fleet.api(), fleet.apiMail(), 2);
        fixtures.report(fleet.api(), Status.FAILED, "HTTP 500"); // failing on: no further notice

        assertThat(runLog.of(fleet.api(), fleet.apiMail()))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.SKIPPED, ReactionOutcome.EXECUTED);
        assertThat(runLog.of(fleet.api(), fleet.apiMail()).get(1).getOutput())
                .startsWith("held, now run: the monitor it depends on recovered and api is still failing");
        assertThat(ActionerFixtures.subjects(smtp))
                .containsExactlyInAnyOrder(
                        "[CloudRoutes] lb is FAILED", "[CloudRoutes] lb recovered", "[CloudRoutes] api is FAILED");

        fixtures.report(fleet.api(), Status.HEALTHY, "HTTP 200");
        runLog.await(fleet.api(), fleet.apiMail(), 3);
        assertThat(runLog.of(fleet.api(), fleet.apiMail()).get(2).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(ActionerFixtures.subjects(smtp))
                .contains("[CloudRoutes] api recovered")
                .hasSize(4);
    }

    @Test
    void aChildRecoveringWhileItsParentIsStillFailedAnnouncesNoRecoveryNobodyHeardTheFailureOf() {
        Fleet fleet = balancerDownThenSites();
        fixtures.report(fleet.api(), Status.HEALTHY, "HTTP 200");
        runLog.await(fleet.api(), fleet.apiMail(), 2);

        assertThat(runLog.of(fleet.api(), fleet.apiMail()).get(1).getOutput())
                .isEqualTo("not run: nobody was told of the failure of api (its reactions were held while 'lb' was "
                        + "FAILED), so its recovery is not announced either");
        assertThat(ActionerFixtures.subjects(smtp)).containsExactly("[CloudRoutes] lb is FAILED");
    }
}
