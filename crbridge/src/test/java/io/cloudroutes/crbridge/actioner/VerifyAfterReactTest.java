package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.reactions.haproxy.HaproxyServer;
import io.cloudroutes.reactions.haproxy.HttpBackend;
import io.cloudroutes.reactions.testing.BindServer;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionVerification;
import io.cloudroutes.store.history.ReactionVerificationRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Verify after react: an executed run on a failure is checked, by the application's clock, for having worked (the
 * monitor recovers within the reaction's time; HAProxy shows the server drained; the DNS server answers the standby).
 * A failed check makes the next escalation step run at once instead of after its wait; once a step's checks passed,
 * the later step waiting its time is not run. The run log keeps each check. Against real PostgreSQL, Redis, HAProxy
 * and BIND on loopback.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=crbridge", "cloudroutes.public-url=https://cr.example.com"})
@DirtiesContext
@Import({ActionerFixtures.Repositories.class, ActionerInfrastructure.MovableClock.class})
class VerifyAfterReactTest {

    /** Longer than any test waits: a later step that runs did so because a check made it due. */
    private static final int AN_HOUR = 3600;

    static BindServer bind;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        ActionerInfrastructure.start(registry);
    }

    @BeforeAll
    static void startBind() throws IOException {
        bind = BindServer.start("www 60 IN A 192.0.2.10", "shop 60 IN A 192.0.2.20");
    }

    @AfterAll
    static void stopBind() {
        bind.close();
    }

    @Autowired
    ActionerFixtures.Repositories crbridge;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    ReactionVerificationRepository verifications;

    @Autowired
    ActionerInfrastructure.TestClock clock;

    @Autowired
    JdbcTemplate jdbc;

    ActionerFixtures fixtures;
    ReactionRunLog runLog;
    HttpReceiver receiver;

    @BeforeEach
    void anOwnerAndAReceiver() throws IOException {
        clock.set(Instant.parse("2026-11-25T10:00:00Z"));
        fixtures = crbridge.forNewOwner("ops");
        runLog = crbridge.runLog();
        receiver = new HttpReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private ReactionConfig saved(ReactionConfig reaction, int step, int waitSeconds) {
        reaction.setCallOn(CallOn.FAILED);
        reaction.setEscalationStep(step);
        reaction.setEscalationWaitSeconds(waitSeconds);
        return reactions.save(reaction);
    }

    private ReactionConfig webhook(String name, String path, int step, int waitSeconds) {
        ReactionConfig reaction =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), name, "webhook");
        reaction.setSettings(Map.of("url", receiver.url(path)));
        return saved(reaction, step, waitSeconds);
    }

    private ReactionConfig restartVerifiedWithinAMinute(String path) {
        ReactionConfig restart = webhook("restart", path, 1, 0);
        restart.setVerifyWithinSeconds(60);
        return reactions.save(restart);
    }

    /** A monitor with the reactions, healthy first and then failing for {@code reason}. */
    private Monitor failing(String name, String reason, ReactionConfig... attached) {
        Monitor monitor = fixtures.monitor(name, attached);
        fixtures.report(monitor, Status.HEALTHY, "up");
        fixtures.report(monitor, Status.FAILED, reason);
        return monitor;
    }

    /** The page to the on-call engineer: the second step, an hour after the first unless a check says otherwise. */
    private ReactionConfig pageOnCall(String path) {
        return webhook("page on-call", path, 2, AN_HOUR);
    }

    private void advance(Duration by) {
        clock.set(clock.instant().plus(by));
    }

    /** Until the second step waits its time (added once the first step's run was recorded). */
    private void awaitNextStepWaiting(Monitor monitor) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from reaction_jobs where monitor_id = ? and escalation_step = 2 "
                                        + "and not_before > now()",
                                Long.class,
                                monitor.getId())
                        == 1);
    }

    /** The run's checks as the run log shows them, once none waits any more. */
    private List<ReactionVerification> resolvedChecks(ReactionRun run, int count) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> verifications.findByRunIdInOrderByRunIdAscIdAsc(List.of(run.getId())).stream()
                                .filter(v -> !v.getState().equals("PENDING"))
                                .count()
                        == count);
        return verifications.findByRunIdInOrderByRunIdAscIdAsc(List.of(run.getId()));
    }

    @Test
    void aMonitorNotRecoveredWithinTheReactionsTimeMakesTheNextStepRunAtOnce() {
        ReactionConfig restart = restartVerifiedWithinAMinute("/restart");
        ReactionConfig page = pageOnCall("/page");
        Monitor checkout = failing("checkout", "HTTP 502", restart, page);

        ReactionRun restarted = runLog.await(checkout, restart, 1).getFirst();
        assertThat(restarted.getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(verifications.findByRunIdInOrderByRunIdAscIdAsc(List.of(restarted.getId())))
                .singleElement()
                .satisfies(check -> {
                    assertThat(check.getState()).isEqualTo("PENDING");
                    assertThat(check.getDueAt()).isEqualTo(Instant.parse("2026-11-25T10:01:00Z"));
                });
        advance(Duration.ofSeconds(59));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.hits("/page") == 0);

        advance(Duration.ofSeconds(2));

        assertThat(runLog.await(checkout, page, 1).getFirst().getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(receiver.hits("/page")).isEqualTo(1);
        assertThat(resolvedChecks(restarted, 1)).singleElement().satisfies(check -> {
            assertThat(check.getKind()).isEqualTo(ReactionVerification.Kind.RECOVERY);
            assertThat(check.getState()).isEqualTo("FAILED");
            assertThat(check.getDetail()).isEqualTo("checkout did not recover within 60 s of the run");
            assertThat(check.getEscalation()).isEqualTo("escalation step 2 due at once");
        });
    }

    @Test
    void aRecoveryWithinTheReactionsTimePassesAndTheLaterStepDoesNotRun() {
        ReactionConfig restart = restartVerifiedWithinAMinute("/restart-2");
        ReactionConfig page = pageOnCall("/page-2");
        Monitor checkout = failing("checkout", "HTTP 502", restart, page);
        ReactionRun restarted = runLog.await(checkout, restart, 1).getFirst();
        awaitNextStepWaiting(checkout);

        advance(Duration.ofSeconds(40));
        fixtures.report(checkout, Status.HEALTHY, "HTTP 200");

        ReactionRun skipped = runLog.await(checkout, page, 1).getFirst();
        assertThat(skipped.getOutcome()).isEqualTo(ReactionOutcome.SKIPPED);
        assertThat(skipped.getOutput())
                .isEqualTo("not run: verified: checkout recovered 40 s after the run, within 60 s");
        assertThat(resolvedChecks(restarted, 1)).singleElement().satisfies(check -> {
            assertThat(check.getState()).isEqualTo("PASSED");
            assertThat(check.getDetail()).isEqualTo("checkout recovered 40 s after the run, within 60 s");
            assertThat(check.getEscalation()).isEqualTo("escalation step 2 not run");
        });
        advance(Duration.ofSeconds(AN_HOUR));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.hits("/page-2") == 0);
        assertThat(runLog.of(checkout, page)).hasSize(1);
    }

    @Test
    void aDrainedHaproxyServerVerifiesAndTheLaterStepDoesNotRun() throws IOException {
        Path dir = Files.createTempDirectory("cloudroutes-haproxy");
        try (HttpBackend a = HttpBackend.started("A");
                HttpBackend b = HttpBackend.started("B");
                HaproxyServer haproxy = HaproxyServer.start(dir, "web", Map.of("a", a.port(), "b", b.port()))) {
            ReactionConfig drain =
                    new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "drain web/a", "haproxy");
            drain.setSettings(
                    Map.of("address", haproxy.runtimeApiAddress(), "backend", "web", "server", "a", "mode", "drain"));
            drain = saved(drain, 1, 0);
            ReactionConfig page = pageOnCall("/page-3");
            Monitor webA = failing("web a", "HTTP 503", drain, page);
            ReactionRun drained = runLog.await(webA, drain, 1).getFirst();
            assertThat(drained.getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
            awaitNextStepWaiting(webA);

            advance(Verifications.SETTLE);

            assertThat(resolvedChecks(drained, 1)).singleElement().satisfies(check -> {
                assertThat(check.getKind()).isEqualTo(ReactionVerification.Kind.REACTION);
                assertThat(check.getState()).isEqualTo("PASSED");
                assertThat(check.getDetail())
                        .matches("HAProxy at .*: web/a is drain \\(admin state 8: forced drain\\).*");
                assertThat(check.getEscalation()).isEqualTo("escalation step 2 not run");
            });
            ReactionRun skipped = runLog.await(webA, page, 1).getFirst();
            assertThat(skipped.getOutcome()).isEqualTo(ReactionOutcome.SKIPPED);
            assertThat(skipped.getOutput()).startsWith("not run: verified: HAProxy at ");
            assertThat(receiver.hits("/page-3")).isZero();
        }
    }

    @Test
    void aDnsAnswerStillShowingThePrimaryFailsTheCheckAndTheNextStepRunsAtOnce() throws Exception {
        ReactionConfig failover =
                new ReactionConfig(fixtures.teamId(), fixtures.owner().getId(), "fail www over", "rfc2136");
        Map<String, String> settings = new HashMap<>();
        settings.put("server", bind.address());
        settings.put("zone", BindServer.ZONE);
        settings.put("recordName", "www.example.test");
        settings.put("ttl", "60");
        settings.put("failoverValues", "198.51.100.7");
        settings.put("primaryValues", "192.0.2.10");
        settings.put("tsigKeyName", BindServer.KEY_NAME);
        settings.put("tsigSecret", bind.keySecret());
        failover.setSettings(settings);
        failover = saved(failover, 1, 0);
        ReactionConfig page = pageOnCall("/page-4");
        Monitor www = failing("www", "HTTP 502", failover, page);
        ReactionRun failedOver = runLog.await(www, failover, 1).getFirst();
        assertThat(failedOver.getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(bind.query("www.example.test.", Type.A)).containsExactly("198.51.100.7");

        // another writer (a deploy script, a second tool) puts the primary back before the check looks
        awaitNextStepWaiting(www);
        putBackThePrimary();
        advance(Verifications.SETTLE);

        assertThat(runLog.await(www, page, 1).getFirst().getOutcome()).isEqualTo(ReactionOutcome.EXECUTED);
        assertThat(receiver.hits("/page-4")).isEqualTo(1);
        assertThat(resolvedChecks(failedOver, 1)).singleElement().satisfies(check -> {
            assertThat(check.getState()).isEqualTo("FAILED");
            assertThat(check.getDetail())
                    .isEqualTo("www.example.test. A at " + bind.address() + " over TCP answers 192.0.2.10, "
                            + "not the values while FAILED 198.51.100.7");
            assertThat(check.getEscalation()).isEqualTo("escalation step 2 due at once");
        });
    }

    private void putBackThePrimary() throws IOException {
        Update update = new Update(Name.fromString(BindServer.ZONE + "."));
        Name www = Name.fromString("www." + BindServer.ZONE + ".");
        update.delete(www, Type.A);
        update.add(new ARecord(www, DClass.IN, 60, Address.getByAddress("192.0.2.10")));
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(bind.port());
        resolver.setTCP(true);
        resolver.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, Name.fromString(BindServer.KEY_NAME + "."), bind.keySecret()));
        resolver.send(update);
        assertThat(bind.query("www.example.test.", Type.A)).containsExactly("192.0.2.10");
    }
}
