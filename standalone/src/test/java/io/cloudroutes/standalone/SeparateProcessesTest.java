package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.zmq.CurveKeyPair;
import io.cloudroutes.core.zmq.TestPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @TempDir
    static Path redisData;

    static EmbeddedServers.Database postgres;
    static TestRedis redis;
    static HttpTarget target;
    static final List<ChildJvm> processes = new ArrayList<>();
    static int webPort;
    static int bridgePort;
    static final int brokerOpsPort = FreePorts.next();
    static final int workerOpsPort = FreePorts.next();
    static final int controlOpsPort = FreePorts.next();

    @BeforeAll
    static void startEveryProcessApart() {
        target = HttpTarget.started();
        // as a deployment has them: PostgreSQL with an owner and an application role, Redis with a user per process
        postgres = EmbeddedServers.postgres(redisData);
        redis = TestRedis.start();
        webPort = FreePorts.next();
        bridgePort = FreePorts.next();

        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLOUDROUTES_DATABASE_URL", postgres.url());
        env.put("CLOUDROUTES_DATABASE_USERNAME", postgres.application().username());
        env.put("CLOUDROUTES_DATABASE_PASSWORD", postgres.application().password());
        env.put("CLOUDROUTES_DATABASE_OWNER_USERNAME", postgres.owner().username());
        env.put("CLOUDROUTES_DATABASE_OWNER_PASSWORD", postgres.owner().password());
        env.put("CLOUDROUTES_SECRET_KEY", SecretBox.newKey());
        env.put("CLOUDROUTES_BROKER_FRONTEND", "tcp://127.0.0.1:" + FreePorts.next());
        env.put("CLOUDROUTES_BROKER_BACKEND", "tcp://127.0.0.1:" + FreePorts.next());
        env.put("CLOUDROUTES_RESULTS_ENDPOINT", "tcp://127.0.0.1:" + FreePorts.next());
        env.put("CLOUDROUTES_SMTP_HOST", "127.0.0.1");
        env.put("CLOUDROUTES_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
        env.put("CLOUDROUTES_PORT", String.valueOf(webPort));
        env.put("CLOUDROUTES_BRIDGE_PORT", String.valueOf(bridgePort));
        // the test's targets listen on loopback: allowed the documented way
        env.put("CLOUDROUTES_EGRESS_ALLOW", "127.0.0.0/8");

        Path logs = Path.of("target", "separate-processes");
        processes.add(ChildJvm.start("crbridge", "io.cloudroutes.crbridge.CrbridgeApplication",
                own(env, TestPlane.ACTIONER, 0, TestRedis.CRBRIDGE), List.of(), logs));
        awaitHealthy("crbridge", bridgePort, "/actuator/health");
        processes.add(ChildJvm.start("crweb", "io.cloudroutes.crweb.CrwebApplication", own(env, null, 0, TestRedis.CRWEB),
                List.of("--cloudroutes.monitors.min-interval-seconds=1"), logs));
        processes.add(ChildJvm.start("cram-broker", "io.cloudroutes.broker.Broker",
                own(env, TestPlane.BROKER, brokerOpsPort, null), List.of(), logs));
        processes.add(ChildJvm.start("cram-worker", "io.cloudroutes.worker.Worker",
                own(env, TestPlane.WORKER, workerOpsPort, null), List.of(), logs));
        processes.add(ChildJvm.start("cram-control", "io.cloudroutes.control.Control",
                own(env, TestPlane.CONTROL, controlOpsPort, TestRedis.CONTROL), List.of(), logs));
        awaitHealthy("crweb", webPort, "/actuator/health");
        awaitHealthy("cram-broker", brokerOpsPort, "/health");
        awaitHealthy("cram-worker", workerOpsPort, "/health");
        awaitHealthy("cram-control", controlOpsPort, "/health");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        processes.reversed().forEach(ChildJvm::close);
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
        browser.signUpAndLogIn("ops@example.com", "correct horse battery");
        long reactionId = browser.createEmailReaction("mail ops", "ops@example.com", 0);
        long monitorId = browser.createHttpMonitor("billing", target.url(), reactionId);

        Database database = new Database(postgres.url(), postgres.application());
        await().atMost(Duration.ofSeconds(60)).failFast("a CloudRoutes process stopped (see target/separate-processes)", SeparateProcessesTest::aProcessDied)
                .until(() -> database.transitions(monitorId), t -> t.contains("UNKNOWN->HEALTHY"));

        target.stop();
        await().atMost(Duration.ofSeconds(30)).failFast("a CloudRoutes process stopped (see target/separate-processes)", SeparateProcessesTest::aProcessDied)
                .until(() -> database.transitions(monitorId), t -> t.contains("HEALTHY->FAILED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1);
        assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0])).contains("billing")
                // without CLOUDROUTES_PUBLIC_URL, crbridge links where crweb serves the UI (its CLOUDROUTES_PORT)
                .contains("http://localhost:" + webPort + "/monitors/" + monitorId);
        // the run is recorded once the mail server answered, a moment after the mail arrived
        await().atMost(Duration.ofSeconds(10)).until(() -> database.reactionOutcomes(monitorId),
                outcomes -> outcomes.equals(List.of("EXECUTED")));
    }

    private static boolean aProcessDied() {
        for (ChildJvm process : processes) {
            if (!process.isAlive()) {
                System.err.println(process.logTail());
                return true;
            }
        }
        return false;
    }

    /**
     * The shared environment with what is a process's own: its CURVE key pair (null: none, it is no part of the
     * plane), its ops port (0: none) and its Redis user (null: it uses no Redis).
     */
    private static Map<String, String> own(Map<String, String> env, CurveKeyPair keys, int opsPort, String redisUser) {
        Map<String, String> own = new LinkedHashMap<>(env);
        if (keys != null) {
            own.putAll(TestPlane.env(keys));
        }
        if (opsPort > 0) {
            own.put("CLOUDROUTES_OPS_PORT", String.valueOf(opsPort));
        }
        if (redisUser != null) {
            own.put("CLOUDROUTES_REDIS_URL", redis.url(redisUser));
        }
        return own;
    }

    private static void awaitHealthy(String name, int port, String path) {
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .failFast("a CloudRoutes process stopped (see target/separate-processes)", SeparateProcessesTest::aProcessDied)
                .ignoreExceptions()
                .alias(name + " reports UP on " + path)
                .until(() -> client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
}
