package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.broker.Broker;
import io.cloudroutes.broker.BrokerConfig;
import io.cloudroutes.control.Control;
import io.cloudroutes.control.ControlConfig;
import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.ops.OpsEndpoint;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.core.zmq.TestResultsSocket;
import io.cloudroutes.worker.Worker;
import io.cloudroutes.worker.WorkerConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Two real brokers, with a control and workers that use both, over loopback ZeroMQ: the checks go on when one broker
 * dies, a restarted broker is used again, and a worker never runs more checks than its capacity across the brokers.
 */
class SeveralBrokersTest {

    private static final int MONITORS = 20;

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Broker[] brokers = new Broker[2];
    private final String[] frontends = new String[2];
    private final String[] backends = new String[2];
    private HeldChecksTarget target;
    private TestResultsSocket results;
    private String resultsEndpoint;

    @BeforeEach
    void start() throws IOException {
        target = new HeldChecksTarget();
        for (int i = 0; i < 2; i++) {
            frontends[i] = "tcp://127.0.0.1:" + LoopbackPorts.next();
            backends[i] = "tcp://127.0.0.1:" + LoopbackPorts.next();
            startBroker(i);
        }
        resultsEndpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        results = new TestResultsSocket(resultsEndpoint, true);
    }

    @AfterEach
    void stop() throws Exception {
        target.release();
        for (AutoCloseable component : started.reversed()) {
            component.close();
        }
        for (Broker broker : brokers) {
            broker.close();
        }
        results.close();
        target.close();
    }

    private void startBroker(int i) {
        brokers[i] = Broker.start(
                new BrokerConfig(frontends[i], backends[i], 1000, Duration.ofMinutes(2), TestPlane.broker()));
    }

    private Worker worker(String id, int capacity) {
        String both = backends[0] + "," + backends[1];
        Worker worker = Worker.start(
                new WorkerConfig(both, resultsEndpoint, "lab", capacity, id, TestPlane.worker()),
                LoopbackAllowed.worker(both, resultsEndpoint));
        started.add(worker);
        return worker;
    }

    private static void eventually(Duration within, BooleanSupplier condition) {
        await().atMost(within)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(10))
                .until(condition::getAsBoolean);
    }

    /** Reads the results that came; returns the list it fills. */
    private List<CheckResult> drain(List<CheckResult> into) {
        CheckResult result = results.receiveNow();
        while (result != null) {
            into.add(result);
            result = results.receiveNow();
        }
        return into;
    }

    @Test
    void everyMonitorKeepsBeingCheckedWhenOneBrokerDiesAndTheRestartedBrokerIsUsedAgain() {
        try (TestRedis redis = TestRedis.start();
                RedisClient client = RedisClient.create(redis.url(TestRedis.ADMIN));
                StatefulRedisConnection<String, String> connection = client.connect()) {
            for (long id = 1; id <= MONITORS; id++) {
                MonitorDefinition definition = new MonitorDefinition(
                        id,
                        1,
                        "m" + id,
                        "http",
                        Map.of("url", target.url("/fast")),
                        1,
                        2,
                        2,
                        1,
                        true,
                        List.of("lab"),
                        Quorum.MAJORITY,
                        null,
                        "seal-" + id);
                connection
                        .sync()
                        .hset(
                                RedisKeys.monitor(id),
                                Map.of(
                                        RedisKeys.MONITOR_DEFINITION_FIELD,
                                        MessageCodec.toJson(definition),
                                        RedisKeys.MONITOR_INTERVAL_FIELD,
                                        "1"));
                // on its aligned slot (as the claim script aligns them), so that each next check is one interval on
                long offset = (id * 1000003L) % 1_000;
                long slot = offset + (Math.floorDiv(System.currentTimeMillis() - offset, 1_000) + 1) * 1_000;
                connection.sync().zadd(RedisKeys.SCHEDULE, slot, String.valueOf(id));
            }
            Control control = Control.start(new ControlConfig(
                    redis.url(TestRedis.CONTROL),
                    frontends[0] + "," + frontends[1],
                    500,
                    Duration.ofMillis(50),
                    TestPlane.control()));
            started.add(control);
            PrometheusMeterRegistry controlMeters = OpsEndpoint.newRegistry("cram-control");
            control.bindMetrics(controlMeters);
            Worker workerA = worker("worker-a", 5);
            worker("worker-b", 5);
            PrometheusMeterRegistry workerMeters = OpsEndpoint.newRegistry("cram-worker");
            workerA.bindMetrics(workerMeters);

            // both brokers carry checks for both workers
            List<CheckResult> before = new ArrayList<>();
            eventually(
                    Duration.ofSeconds(20),
                    () -> drain(before).stream()
                                            .map(CheckResult::monitorId)
                                            .distinct()
                                            .count()
                                    == MONITORS
                            && brokers[0].stats().jobsDispatched() > MONITORS
                            && brokers[1].stats().jobsDispatched() > MONITORS);
            assertThat(before).extracting(CheckResult::source).contains("worker-a", "worker-b");
            assertThat(before).allSatisfy(result -> assertThat(result.status()).isEqualTo(Status.HEALTHY));
            assertThat(controlMeters.scrape())
                    .contains("cloudroutes_control_brokers_connected{process=\"cram-control\"} 2.0");
            assertThat(workerMeters.scrape())
                    .contains("cloudroutes_worker_brokers_connected{process=\"cram-worker\"} 2.0");

            // one broker dies with the jobs it held
            long diedAt = System.currentTimeMillis();
            brokers[1].close();
            List<CheckResult> after = new ArrayList<>();
            eventually(
                    Duration.ofSeconds(20),
                    () -> drain(after).stream()
                                    .filter(result -> result.checkedAtMillis() > diedAt + 6_000)
                                    .map(CheckResult::monitorId)
                                    .distinct()
                                    .count()
                            == MONITORS);
            // every monitor checked in every interval but at most one around the fault: no gap of two intervals
            Map<Long, List<Long>> checkedAt = new HashMap<>();
            List<CheckResult> around = new ArrayList<>(before);
            around.addAll(after);
            around.stream()
                    .filter(result -> result.checkedAtMillis() > diedAt - 2_000)
                    .forEach(result -> checkedAt
                            .computeIfAbsent(result.monitorId(), id -> new ArrayList<>())
                            .add(result.checkedAtMillis()));
            assertThat(checkedAt).hasSize(MONITORS);
            checkedAt.forEach((monitor, times) -> {
                List<Long> sorted = times.stream().sorted().toList();
                for (int i = 1; i < sorted.size(); i++) {
                    assertThat(sorted.get(i) - sorted.get(i - 1))
                            .as("monitor %d checked at %s after a broker died at %d", monitor, sorted, diedAt)
                            .isLessThan(2_600);
                }
            });
            eventually(
                    Duration.ofSeconds(10),
                    () -> controlMeters
                                    .scrape()
                                    .contains("cloudroutes_control_brokers_connected{process=\"cram-control\"} 1.0")
                            && workerMeters
                                    .scrape()
                                    .contains("cloudroutes_worker_brokers_connected{process=\"cram-worker\"} 1.0"));
            assertThat(workerA.health()).isNull();

            // restarted on its addresses, it gets jobs from the control and hands them to both workers again
            startBroker(1);
            eventually(
                    Duration.ofSeconds(20),
                    () -> brokers[1].stats().liveWorkers() == 2
                            && brokers[1].stats().jobsDispatched() > MONITORS);
            eventually(
                    Duration.ofSeconds(10),
                    () -> controlMeters
                                    .scrape()
                                    .contains("cloudroutes_control_brokers_connected{process=\"cram-control\"} 2.0")
                            && workerMeters
                                    .scrape()
                                    .contains("cloudroutes_worker_brokers_connected{process=\"cram-worker\"} 2.0"));
        }
    }

    @Test
    void aWorkerNeverRunsMoreChecksThanItsCapacityAcrossBothBrokers() {
        worker("worker-a", 3);
        eventually(
                Duration.ofSeconds(10),
                () -> brokers[0].stats().liveWorkers() == 1
                        && brokers[1].stats().liveWorkers() == 1);
        try (ZContext zmq = new ZContext()) {
            PlaneSockets plane = new PlaneSockets(zmq, TestPlane.control());
            for (String frontend : frontends) {
                ZMQ.Socket control = zmq.createSocket(SocketType.PUSH);
                plane.connectTo(control, TestPlane.BROKER.publicKey());
                control.connect(frontend);
                for (int i = 0; i < 5; i++) {
                    control.send(MessageCodec.toBytes(new CheckJob(
                            UUID.randomUUID().toString(),
                            i + 1,
                            "http",
                            Map.of("url", target.url("/slow")),
                            10_000,
                            System.currentTimeMillis(),
                            System.currentTimeMillis(),
                            "lab")));
                }
            }
            eventually(
                    Duration.ofSeconds(10),
                    () -> target.held() == 3
                            && brokers[0].stats().queuedJobs()
                                            + brokers[1].stats().queuedJobs()
                                    == 7);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> target.held() == 3);
            assertThat(brokers[0].stats().jobsDispatched()).isPositive();
            assertThat(brokers[1].stats().jobsDispatched()).isPositive();
            target.release();

            List<CheckResult> received = new ArrayList<>();
            eventually(Duration.ofSeconds(20), () -> drain(received).size() == 10);
            assertThat(target.mostHeld()).isEqualTo(3);
            assertThat(received)
                    .allSatisfy(result -> assertThat(result.status()).isEqualTo(Status.HEALTHY));
            plane.close();
        }
    }
}
