package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.HeldRuns;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Flap damping at the reactions: while a monitor flaps, its failover is held (FLAPPING) and acts on nothing, its email
 * says once that it flaps and later changes are recorded as not sent; once it is stable and still failed, the held run
 * runs exactly once, whichever of two actioners releases it. Against real PostgreSQL, Redis, SMTP and an HTTP receiver
 * on loopback; more than 1 change within 5 s makes a monitor flapping, so that it is stable again after 5 quiet
 * seconds.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.config.name=crbridge",
            "cloudroutes.public-url=https://cr.example.com",
            "cloudroutes.flap.transitions=1",
            "cloudroutes.flap.window=5s"
        })
class FlapHoldTest extends ActionerOnTestClock {

    private static final String HELD =
            "held: 'web' is flapping (2 changes in 5 s); disruptive actions wait until it " + "is stable";

    @Autowired
    ReactionJobs jobs;

    @Autowired
    HeldRuns heldRuns;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;

    @BeforeEach
    void redisAndTheClock() {
        redis = connection.sync();
        clock.set(Instant.parse("2026-12-05T02:41:07Z"));
    }

    /** A failover (a POST the reaction says is disruptive) due at the second failed result in a row. */
    private ReactionConfig failoverAtSecondFailure() {
        ReactionConfig reaction =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "fail over", "http-request");
        reaction.setSettings(Map.of("method", "POST", "url", receiver.url("/failover")));
        reaction.setCallOn(CallOn.FAILED);
        reaction.setTriggerCount(2);
        reaction.setDisruptive(true);
        return reactions.save(reaction);
    }

    private ReactionConfig mailOnCall() {
        ReactionConfig mail =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "tell on-call", "email");
        mail.setSettings(Map.of("to", "oncall@example.com"));
        mail.setCallOn(CallOn.FAILED);
        return reactions.save(mail);
    }

    private String flapping(Monitor monitor) {
        return redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.FLAPPING);
    }

    private static List<String> bodies() {
        return Arrays.stream(smtp.getReceivedMessages())
                .map(GreenMailUtil::getBody)
                .toList();
    }

    @Test
    void aFlappingMonitorsFailoverWaitsItsEmailSaysSoOnceAndOnceStableTheHeldRunRunsOnce() throws IOException {
        ReactionConfig failover = failoverAtSecondFailure();
        ReactionConfig mail = mailOnCall();
        Monitor web = fixtures.monitor("web", failover, mail);
        fixtures.report(web, Status.HEALTHY, "up");
        fixtures.report(web, Status.FAILED, "HTTP 502"); // the first change: mailed as usual
        runLog.await(web, mail, 1);
        fixtures.report(web, Status.HEALTHY, "up"); // the second within 5 s: flapping
        assertThat(flapping(web)).isEqualTo("1");

        fixtures.report(web, Status.FAILED, "HTTP 502");
        fixtures.report(web, Status.FAILED, "HTTP 502"); // the failover is due

        assertThat(runLog.await(web, failover, 1))
                .extracting(ReactionRun::getOutcome, ReactionRun::getOutput)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ReactionOutcome.HELD, HELD));
        assertThat(jobs.held(web.getId())).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(Safeguards.HeldKind.FLAPPING);
            assertThat(h.until()).isNull();
        });
        assertThat(runLog.await(web, mail, 2))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.EXECUTED, ReactionOutcome.EXECUTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> smtp.getReceivedMessages().length == 2);
        assertThat(bodies().get(0)).doesNotContain("flapping");
        assertThat(bodies().get(1))
                .contains("'web' is flapping (2 changes in 5 s)")
                .contains("disruptive actions are held until it is stable")
                .contains("HTTP 502");

        // it goes on flapping: the next failure is not mailed, and its failover is held again
        fixtures.report(web, Status.HEALTHY, "up");
        fixtures.report(web, Status.FAILED, "HTTP 503");
        List<ReactionRun> mails = runLog.await(web, mail, 3);
        assertThat(mails.get(2).getOutcome()).isEqualTo(ReactionOutcome.SKIPPED);
        assertThat(mails.get(2).getOutput()).isEqualTo("not sent: 'web' is flapping; notified once at 02:41 UTC");
        fixtures.report(web, Status.FAILED, "HTTP 503");
        assertThat(runLog.await(web, failover, 3))
                .extracting(ReactionRun::getOutcome)
                .containsExactly(ReactionOutcome.HELD, ReactionOutcome.SKIPPED, ReactionOutcome.HELD);
        assertThat(receiver.hits("/failover")).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(2);

        try (ConfigurableApplicationContext second =
                infrastructure.anotherActioner("cloudroutes.flap.transitions=1", "cloudroutes.flap.window=5s")) {
            // still failing, but no change for 5 s: the fold of the next result says it is stable
            await().pollInterval(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        fixtures.report(web, Status.FAILED, "HTTP 503");
                        return "0".equals(flapping(web));
                    });

            List<ReactionRun> runs = runLog.await(web, failover, 4);
            assertThat(runs.get(3).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
            assertThat(runs.get(3).getOutput()).startsWith("held, now run: released by flap damping: stable again; ");
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.hits("/failover") == 1);
            assertThat(runLog.of(web, failover)).hasSize(4);
            assertThat(jobs.held(web.getId())).isEmpty();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> redis.hget(RedisKeys.FLAP_NOTICES, web.getId() + ":" + mail.getId()) == null);
        }
        assertThat(bodies()).filteredOn(body -> body.contains("flapping")).hasSize(1);
    }

    @Test
    void aRunReleasedFromItsFlappingHoldByAPersonRunsThoughTheMonitorStillFlaps() {
        ReactionConfig failover = failoverAtSecondFailure();
        Monitor web = fixtures.monitor("web", failover);
        fixtures.report(web, Status.HEALTHY, "up");
        fixtures.report(web, Status.FAILED, "HTTP 502");
        fixtures.report(web, Status.HEALTHY, "up");
        fixtures.report(web, Status.FAILED, "HTTP 502");
        fixtures.report(web, Status.FAILED, "HTTP 502");
        assertThat(runLog.await(web, failover, 1).getFirst().getOutcome()).isEqualTo(ReactionOutcome.HELD);
        assertThat(flapping(web)).isEqualTo("1");

        assertThat(jobs.release(jobs.held(web.getId()).getFirst().jobId(), "alice@example.com"))
                .isTrue();

        List<ReactionRun> runs = runLog.await(web, failover, 2);
        assertThat(runs.get(1).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(runs.get(1).getOutput()).startsWith("held, now run: released by alice@example.com; ");
        assertThat(receiver.hits("/failover")).isEqualTo(1);
    }

    @Test
    void releasingAllHeldRunsAtOnceRunsEachOnceAcrossTwoActioners() throws IOException {
        ReactionConfig failover = failoverAtSecondFailure();
        Monitor web = fixtures.monitor("web", failover);
        Monitor api = fixtures.monitor("api", failover);
        for (Monitor monitor : List.of(web, api)) {
            fixtures.report(monitor, Status.HEALTHY, "up");
            fixtures.report(monitor, Status.FAILED, "HTTP 502");
            fixtures.report(monitor, Status.HEALTHY, "up");
            fixtures.report(monitor, Status.FAILED, "HTTP 502");
            fixtures.report(monitor, Status.FAILED, "HTTP 502");
            assertThat(runLog.await(monitor, failover, 1).getFirst().getOutcome())
                    .isEqualTo(ReactionOutcome.HELD);
        }

        try (ConfigurableApplicationContext second =
                infrastructure.anotherActioner("cloudroutes.flap.transitions=1", "cloudroutes.flap.window=5s")) {
            assertThat(heldRuns.releaseAll(fixtures.teamId(), "alice@example.com"))
                    .hasSize(2);
            assertThat(heldRuns.releaseAll(fixtures.teamId(), "bob@example.com"))
                    .isEmpty();

            for (Monitor monitor : List.of(web, api)) {
                List<ReactionRun> runs = runLog.await(monitor, failover, 2);
                assertThat(runs.get(1).getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
                assertThat(runs.get(1).getOutput()).startsWith("held, now run: released by alice@example.com; ");
            }
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.hits("/failover") == 2);
            assertThat(runLog.of(web, failover)).hasSize(2);
            assertThat(runLog.of(api, failover)).hasSize(2);
        }
    }
}
