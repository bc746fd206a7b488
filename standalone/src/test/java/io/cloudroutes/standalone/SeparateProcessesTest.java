package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.zmq.TestPlane;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed mode: broker, control, worker, bridge/actioner and crweb each in their own JVM, configured only
 * by environment variables, against one PostgreSQL and one Redis. The same failure must produce the same
 * transition and email as on the embedded default.
 */
class SeparateProcessesTest {

    @RegisterExtension
    static GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @TempDir
    static Path redisData;

    static EmbeddedServers.Database postgres;
    static TestRedis redis;
    static HttpTarget target;
    static DistributedSet processes;
    static int webPort;
    static int bridgePort;
    static final int brokerOpsPort = LoopbackPorts.next();
    static final int workerOpsPort = LoopbackPorts.next();
    static final int controlOpsPort = LoopbackPorts.next();

    @BeforeAll
    static void startEveryProcessApart() {
        target = HttpTarget.started();
        // as a deployment has them: PostgreSQL with an owner and an application role, Redis with a user per process
        postgres = EmbeddedServers.postgres(redisData);
        redis = TestRedis.start();
        webPort = LoopbackPorts.next();
        bridgePort = LoopbackPorts.next();

        Map<String, String> env = DistributedSet.sharedEnvironment(postgres);
        env.put("CLOUDROUTES_BROKER_FRONTEND", "tcp://127.0.0.1:" + LoopbackPorts.next());
        env.put("CLOUDROUTES_BROKER_BACKEND", "tcp://127.0.0.1:" + LoopbackPorts.next());
        env.put("CLOUDROUTES_RESULTS_ENDPOINT", "tcp://127.0.0.1:" + LoopbackPorts.next());
        env.put("CLOUDROUTES_SMTP_HOST", "127.0.0.1");
        env.put("CLOUDROUTES_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
        env.put("CLOUDROUTES_PORT", String.valueOf(webPort));
        env.put("CLOUDROUTES_BRIDGE_PORT", String.valueOf(bridgePort));
        // the test's targets listen on loopback: allowed the documented way
        env.put("CLOUDROUTES_EGRESS_ALLOW", "127.0.0.0/8");

        processes = new DistributedSet(Path.of("target", "separate-processes"));
        processes.start(new DistributedSet.Member(
                "crbridge",
                "io.cloudroutes.crbridge.CrbridgeApplication",
                DistributedSet.own(env, TestPlane.ACTIONER, 0, redis.url(TestRedis.CRBRIDGE)),
                List.of(),
                bridgePort,
                "/actuator/health"));
        processes.awaitHealthy("crbridge", Duration.ofSeconds(120));
        processes.start(new DistributedSet.Member(
                "crweb",
                "io.cloudroutes.crweb.CrwebApplication",
                DistributedSet.own(env, null, 0, redis.url(TestRedis.CRWEB)),
                List.of("--cloudroutes.monitors.min-interval-seconds=1"),
                webPort,
                "/actuator/health"));
        processes.start(new DistributedSet.Member(
                "cram-broker",
                "io.cloudroutes.broker.Broker",
                DistributedSet.own(env, TestPlane.BROKER, brokerOpsPort, null),
                List.of(),
                brokerOpsPort,
                "/health"));
        processes.start(new DistributedSet.Member(
                "cram-worker",
                "io.cloudroutes.worker.Worker",
                DistributedSet.own(env, TestPlane.WORKER, workerOpsPort, null),
                List.of(),
                workerOpsPort,
                "/health"));
        processes.start(new DistributedSet.Member(
                "cram-control",
                "io.cloudroutes.control.Control",
                DistributedSet.own(env, TestPlane.CONTROL, controlOpsPort, redis.url(TestRedis.CONTROL)),
                List.of(),
                controlOpsPort,
                "/health"));
        processes.awaitAllHealthy(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (processes != null) {
            processes.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        target.close();
    }

    @Test
    void aFailureSeenByAWorkerProcessReachesTheActionerProcessAndSendsTheEmail() throws Exception {
        WebSession browser = new WebSession("http://127.0.0.1:" + webPort);
        browser.signUpAndLogIn("ops@example.com", "correct horse battery", smtp::getReceivedMessages);
        long reactionId = browser.createEmailReaction("page the on-call", "oncall@example.com", 0);
        long monitorId = browser.createHttpMonitor("billing", target.url(), reactionId);

        Database database = new Database(postgres.url(), postgres.application());
        // healthy first: on a loaded machine the first checks (1 s timeout) may fail before one passes
        await().atMost(Duration.ofSeconds(60))
                .failFast(
                        "a CloudRoutes process stopped",
                        () -> processes.aProcessDied().isPresent())
                .until(
                        () -> database.transitions(monitorId),
                        t -> !t.isEmpty() && t.getLast().endsWith("->HEALTHY"));
        // a failure while it was starting was mailed too, and its run may still be on its way: count from a settled
        // state, every job finished and every executed run's mail received
        await().atMost(Duration.ofSeconds(30))
                .until(() -> database.unfinishedJobs(monitorId).isEmpty()
                        && ReceivedMail.to(smtp::getReceivedMessages, "oncall@example.com")
                                        .size()
                                == Collections.frequency(database.reactionOutcomes(monitorId), "EXECUTED"));
        int mailedBefore =
                ReceivedMail.to(smtp::getReceivedMessages, "oncall@example.com").size();
        int runsBefore = database.reactionOutcomes(monitorId).size();

        target.stop();
        await().atMost(Duration.ofSeconds(30))
                .failFast(
                        "a CloudRoutes process stopped",
                        () -> processes.aProcessDied().isPresent())
                .until(() -> database.transitions(monitorId), t -> t.getLast().equals("HEALTHY->FAILED"));
        // the reaction's mail, to the on-call address; the confirmation mail went to the account's
        MimeMessage mail = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> ReceivedMail.to(smtp::getReceivedMessages, "oncall@example.com"),
                        m -> m.size() == mailedBefore + 1)
                .getLast();
        assertThat(GreenMailUtil.getBody(mail))
                .contains("billing")
                // without CLOUDROUTES_PUBLIC_URL, crbridge links where crweb serves the UI (its CLOUDROUTES_PORT)
                .contains("http://localhost:" + webPort + "/monitors/" + monitorId);
        // the run is recorded once the mail server answered, a moment after the mail arrived
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> database.reactionOutcomes(monitorId),
                        outcomes -> outcomes.size() == runsBefore + 1
                                && outcomes.getLast().equals("EXECUTED"));
        assertThat(ReceivedMail.to(smtp::getReceivedMessages, "oncall@example.com"))
                .hasSize(mailedBefore + 1);
    }
}
