package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.reactions.ReactionType;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The contract every safeguard plugs into, with a safeguard that holds every disruptive run (as a tripped breaker
 * would): a held run acts on nothing and is on record as HELD with its reason; released, it runs once, whichever of two
 * actioners claims it; a recovery finishes what is still held, so nothing waits for it; a held step lets the next
 * step's notification through. Against real PostgreSQL, Redis, SMTP and an HTTP receiver on loopback.
 */
@Import(SafeguardHoldTest.HoldingDisruptiveRuns.class)
class SafeguardHoldTest extends ActionerOnTestClock {

    private static final String REASON = "held: the breaker is open (test)";

    /** Holds every disruptive run not yet released from a breaker hold, as a tripped breaker would. */
    @TestConfiguration(proxyBeanMethods = false)
    static class HoldingDisruptiveRuns {
        @Bean
        Safeguards breakerAlwaysOpen() {
            return (job, reaction, admission) ->
                    admission.disruptive() && !admission.releasedFrom(Safeguards.HeldKind.BREAKER)
                            ? new Safeguards.Hold(Safeguards.HeldKind.BREAKER, REASON, null)
                            : Safeguards.PASS;
        }
    }

    @Autowired
    ReactionJobs jobs;

    @Autowired
    PluginRegistry<ReactionType> types;

    /** A POST to the receiver that the reaction says is disruptive (it would fail over, say). */
    private ReactionConfig disruptivePost(String path) {
        ReactionConfig reaction =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "fail over", "http-request");
        reaction.setSettings(Map.of("method", "POST", "url", receiver.url(path)));
        reaction.setCallOn(CallOn.FAILED);
        reaction.setDisruptive(true);
        return reactions.save(reaction);
    }

    private long unfinishedJobs(Monitor monitor) {
        return jdbc.queryForObject(
                "select count(*) from reaction_jobs where monitor_id = ? and finished_at is null",
                Long.class,
                monitor.getId());
    }

    @Test
    void aHeldRunActsOnNothingAndReleasedOnceRunsOnceWhicheverActionerClaimsIt() throws IOException {
        ReactionConfig failover = disruptivePost("/failover");
        Monitor api = fixtures.monitor("api", failover);
        fixtures.report(api, Status.HEALTHY, "up");
        fixtures.report(api, Status.FAILED, "HTTP 502");

        List<ReactionRun> held = runLog.await(api, failover, 1);
        assertThat(held)
                .extracting(ReactionRun::getOutcome, ReactionRun::getOutput)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ReactionOutcome.HELD, REASON));
        assertThat(jobs.held(api.getId())).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(Safeguards.HeldKind.BREAKER);
            assertThat(h.reason()).isEqualTo(REASON);
            assertThat(h.until()).isNull();
        });
        long jobId = jobs.held(api.getId()).getFirst().jobId();
        assertThat(unfinishedJobs(api)).isEqualTo(1); // waiting, unclaimed
        assertThat(receiver.hits("/failover")).isZero();

        try (ConfigurableApplicationContext second = infrastructure.anotherActioner()) {
            assertThat(jobs.release(jobId, "alice@example.com")).isTrue();
            assertThat(jobs.release(jobId, "bob@example.com")).isFalse(); // only one release counts

            List<ReactionRun> runs = runLog.await(api, failover, 2);
            assertThat(runs.get(1).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
            assertThat(runs.get(1).getOutput()).startsWith("held, now run: released by alice@example.com; ");
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> receiver.hits("/failover") == 1);
            assertThat(runLog.of(api, failover)).hasSize(2);
            assertThat(unfinishedJobs(api)).isZero();
            assertThat(jobs.held(api.getId())).isEmpty();
            assertThat(jobs.release(jobId, "carol@example.com")).isFalse(); // finished: nothing to release
        }
    }

    @Test
    void aRecoveryFinishesTheRunsStillHeldSoThatNothingWaitsForThem() {
        // a restoring type: a run left unfinished would keep its restore waiting at the recovery
        ReactionConfig incident =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "open an incident", "pagerduty");
        incident.setSettings(
                Map.of("routingKey", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY12", "eventsUrl", receiver.url("/pagerduty")));
        incident.setDisruptive(true);
        incident = reactions.save(incident);
        Monitor api = fixtures.monitor("api", incident);
        fixtures.report(api, Status.HEALTHY, "up");
        fixtures.report(api, Status.FAILED, "HTTP 502");
        runLog.await(api, incident, 1);
        long jobId = jobs.held(api.getId()).getFirst().jobId();

        fixtures.report(api, Status.HEALTHY, "HTTP 200");

        List<ReactionRun> runs = runLog.await(api, incident, 2);
        assertThat(runs)
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.HELD, ReactionOutcome.SKIPPED);
        assertThat(runs.get(1).getOutput()).isEqualTo("not run: api recovered while held (" + REASON + ")");
        await().atMost(Duration.ofSeconds(10)).until(() -> unfinishedJobs(api) == 0); // no restore left waiting
        assertThat(jdbc.queryForObject(
                        "select count(*) from reaction_jobs where monitor_id = ? and kind = 'RESTORE'",
                        Long.class,
                        api.getId()))
                .isZero(); // nothing acted, so nothing to undo
        assertThat(jobs.release(jobId, "alice@example.com")).isFalse(); // too late: nothing runs
        assertThat(receiver.hits("/pagerduty")).isZero();
    }

    @Test
    void aHeldStepLetsTheNextStepsEmailThrough() throws Exception {
        ReactionConfig failover = disruptivePost("/failover");
        ReactionConfig mail =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "tell on-call", "email");
        mail.setSettings(Map.of("to", "oncall@example.com"));
        mail.setCallOn(CallOn.FAILED);
        mail.setEscalationStep(2);
        mail = reactions.save(mail);
        Monitor api = fixtures.monitor("api", failover, mail);
        fixtures.report(api, Status.HEALTHY, "up");
        fixtures.report(api, Status.FAILED, "HTTP 502");

        assertThat(runLog.await(api, failover, 1).getFirst().getOutcome()).isEqualTo(ReactionOutcome.HELD);
        assertThat(runLog.await(api, mail, 1).getFirst().getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(ActionerFixtures.subjects(smtp)).containsExactly("[CloudRoutes] api is FAILED");
        assertThat(receiver.hits("/failover")).isZero();

        // released, it passes the safeguard that held it (which still holds every other disruptive run)
        assertThat(jobs.release(jobs.held(api.getId()).getFirst().jobId(), "alice@example.com"))
                .isTrue();
        assertThat(runLog.await(api, failover, 2).get(1).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(receiver.hits("/failover")).isEqualTo(1);
        assertThat(runLog.of(api, mail)).hasSize(1); // the next step was added once
    }

    @Test
    void failoversDrainsAndRebootsAreDisruptiveAndAReactionMaySayOtherwise() {
        assertThat(List.of("route53", "cloudflare", "rfc2136", "haproxy", "aws-elbv2", "aws-ec2", "digitalocean"))
                .allSatisfy(id -> assertThat(types.find(id).orElseThrow().disruptive())
                        .as(id)
                        .isTrue());
        assertThat(List.of("email", "slack", "webhook", "pagerduty", "http-request", "ssh-command"))
                .allSatisfy(id -> assertThat(types.find(id).orElseThrow().disruptive())
                        .as(id)
                        .isFalse());

        ReactionConfig command =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "reboot", "ssh-command");
        ReactionType ssh = types.find("ssh-command").orElseThrow();
        assertThat(command.isDisruptive(ssh)).isFalse();
        command.setDisruptive(true);
        assertThat(command.isDisruptive(ssh)).isTrue();

        ReactionConfig dns =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "fail over", "route53");
        ReactionType route53 = types.find("route53").orElseThrow();
        assertThat(dns.isDisruptive(route53)).isTrue();
        dns.setDisruptive(false);
        assertThat(dns.isDisruptive(route53)).isFalse();
    }
}
