package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.broker.Broker;
import io.cloudroutes.broker.BrokerConfig;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.ops.OpsEndpoint;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.core.zmq.TestResultsSocket;
import io.cloudroutes.worker.Worker;
import io.cloudroutes.worker.WorkerConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The broker and real workers over loopback ZeroMQ: fair spread, capacity respected, dead workers get no work. */
class BrokerAndWorkersTest {

    private final ZContext zmq = new ZContext();
    private final List<AutoCloseable> started = new ArrayList<>();
    private HeldChecksTarget target;
    private Broker broker;
    private ZMQ.Socket control;
    private TestResultsSocket results;
    private String backend;
    private String resultsEndpoint;

    @BeforeEach
    void start() throws IOException {
        target = new HeldChecksTarget();
        String frontend = "tcp://127.0.0.1:" + LoopbackPorts.next();
        backend = "tcp://127.0.0.1:" + LoopbackPorts.next();
        resultsEndpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        broker = Broker.start(new BrokerConfig(frontend, backend, 1000, Duration.ofMinutes(2), TestPlane.broker()));
        started.add(broker);
        results = new TestResultsSocket(resultsEndpoint, true);
        control = zmq.createSocket(SocketType.PUSH);
        new PlaneSockets(zmq, TestPlane.control()).connectTo(control, TestPlane.BROKER.publicKey());
        control.connect(frontend);
    }

    @AfterEach
    void stop() throws Exception {
        target.release();
        for (AutoCloseable component : started.reversed()) {
            component.close();
        }
        results.close();
        zmq.close();
        target.close();
    }

    private Worker worker(String id, int capacity) {
        return worker(id, capacity, "lab");
    }

    private Worker worker(String id, int capacity, String zone) {
        Worker worker = Worker.start(
                new WorkerConfig(backend, resultsEndpoint, zone, capacity, id, TestPlane.worker()),
                LoopbackAllowed.worker(backend, resultsEndpoint));
        started.add(worker);
        return worker;
    }

    private void sendJobs(int count, String path, String checkType) {
        sendJobs(count, path, checkType, "lab");
    }

    private void sendJobs(int count, String path, String checkType, String zone) {
        for (int i = 0; i < count; i++) {
            control.send(MessageCodec.toBytes(new CheckJob(
                    UUID.randomUUID().toString(),
                    i + 1,
                    checkType,
                    Map.of("url", target.url(path)),
                    5000,
                    System.currentTimeMillis(),
                    System.currentTimeMillis(),
                    zone)));
        }
    }

    private List<CheckResult> receive(int count) {
        List<CheckResult> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    CheckResult result = results.receive();
                    while (result != null) {
                        received.add(result);
                        result = results.receiveNow();
                    }
                    return received.size() >= count;
                });
        return received;
    }

    @Test
    void spreadsJobsOverWorkersAndNeverBeyondTheirCapacity() {
        worker("worker-a", 2);
        worker("worker-b", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().liveWorkers() == 2);

        sendJobs(8, "/slow", "http");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> target.held() == 4 && broker.stats().queuedJobs() == 4);
        target.release();

        List<CheckResult> received = receive(8);
        assertThat(target.mostHeld()).isEqualTo(4);
        assertThat(received).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.HEALTHY));
        Map<String, Long> perWorker =
                received.stream().collect(Collectors.groupingBy(CheckResult::source, Collectors.counting()));
        assertThat(perWorker).containsOnlyKeys("worker-a", "worker-b");
        assertThat(received).allSatisfy(r -> assertThat(r.zone()).isEqualTo("lab"));
    }

    @Test
    void jobsGoOnlyToWorkersOfTheirZone() {
        worker("eu-worker", 5, "eu-west");
        worker("us-worker", 5, "us-east");
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().liveWorkers() == 2);
        sendJobs(4, "/fast", "http", "us-east");
        sendJobs(2, "/fast", "http", "eu-west");
        List<CheckResult> received = receive(6);
        assertThat(received)
                .filteredOn(r -> r.zone().equals("us-east"))
                .hasSize(4)
                .allSatisfy(r -> assertThat(r.source()).isEqualTo("us-worker"));
        assertThat(received)
                .filteredOn(r -> r.zone().equals("eu-west"))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.source()).isEqualTo("eu-worker"));
    }

    @Test
    void jobsForAZoneWithoutWorkersWaitWithoutHoldingUpOtherZones() {
        worker("eu-worker", 5, "eu-west");
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().liveWorkers() == 1);
        sendJobs(3, "/fast", "http", "mars");
        sendJobs(2, "/fast", "http", "eu-west");
        assertThat(receive(2)).extracting(CheckResult::zone).containsOnly("eu-west");
        assertThat(broker.stats().queuedJobs()).isEqualTo(3);

        // what an on-call person sees: a zone with jobs waiting and no worker, next to one that keeps up
        PrometheusMeterRegistry meters = OpsEndpoint.newRegistry("cram-broker");
        broker.bindMetrics(meters);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.scrape())
                        .contains("cloudroutes_broker_zone_queued_jobs{process=\"cram-broker\",zone=\"mars\"} 3.0")
                        .contains("cloudroutes_broker_zone_workers{process=\"cram-broker\",zone=\"mars\"} 0.0")
                        .contains("cloudroutes_broker_zone_queued_jobs{process=\"cram-broker\",zone=\"eu-west\"} 0.0")
                        .contains("cloudroutes_broker_zone_workers{process=\"cram-broker\",zone=\"eu-west\"} 1.0")
                        .contains(
                                "cloudroutes_broker_zone_free_capacity{process=\"cram-broker\",zone=\"eu-west\"} 5.0"));
    }

    @Test
    void aWorkerThatStoppedGetsNoMoreJobs() throws Exception {
        Worker leaving = worker("worker-a", 10);
        worker("worker-b", 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().liveWorkers() == 2);
        leaving.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().liveWorkers() == 1);

        sendJobs(6, "/fast", "http");
        assertThat(receive(6)).extracting(CheckResult::source).containsOnly("worker-b");
    }

    @Test
    void healthAndMetricsEndpointsReportRoutingAndTheLossOfTheBroker() throws Exception {
        Worker worker = worker("worker-a", 3);
        PrometheusMeterRegistry brokerMeters = OpsEndpoint.newRegistry("cram-broker");
        broker.bindMetrics(brokerMeters);
        OpsEndpoint brokerOps = OpsEndpoint.start(0, brokerMeters, broker::health);
        started.add(brokerOps);
        PrometheusMeterRegistry workerMeters = OpsEndpoint.newRegistry("cram-worker");
        worker.bindMetrics(workerMeters);
        OpsEndpoint workerOps = OpsEndpoint.start(0, workerMeters, worker::health);
        started.add(workerOps);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().liveWorkers() == 1);
        sendJobs(2, "/fast", "http");
        receive(2);

        assertThat(http(brokerOps, "/health")).isEqualTo("200 {\"status\":\"UP\"}");
        assertThat(http(brokerOps, "/metrics"))
                .contains("cloudroutes_broker_workers{process=\"cram-broker\"} 1.0")
                .contains("cloudroutes_broker_jobs_dispatched_total{process=\"cram-broker\"} 2.0")
                .contains("jvm_memory_used_bytes");
        String workerMetrics = http(workerOps, "/metrics");
        assertThat(workerMetrics)
                .contains("cloudroutes_worker_checks_total{process=\"cram-worker\",status=\"HEALTHY\",type=\"http\","
                        + "zone=\"lab\"} 2.0")
                .contains("cloudroutes_worker_schedule_lag_seconds_count{process=\"cram-worker\",zone=\"lab\"} 2")
                .contains(
                        "cloudroutes_worker_schedule_lag_seconds_bucket{process=\"cram-worker\",zone=\"lab\",le=\"0.5\"} 2")
                .contains("cloudroutes_worker_capacity{process=\"cram-worker\",zone=\"lab\"} 3.0")
                .contains("cloudroutes_worker_utilisation{process=\"cram-worker\",zone=\"lab\"} 0.0");
        assertThat(http(workerOps, "/health")).isEqualTo("200 {\"status\":\"UP\"}");

        broker.close();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> http(workerOps, "/health").startsWith("503"));
        assertThat(http(workerOps, "/health")).contains("no word from the broker at " + backend);
        assertThat(http(brokerOps, "/health")).startsWith("503").contains("the routing thread has stopped");
    }

    private static String http(OpsEndpoint ops, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void resultsOfAWorkerThatCannotReachItsCanaryDoNotVote() {
        int closedPort = LoopbackPorts.next();
        started.add(Worker.start(
                new WorkerConfig(
                        backend,
                        resultsEndpoint,
                        "cut-off",
                        5,
                        "cut-off-worker",
                        "http://127.0.0.1:" + closedPort + "/",
                        TestPlane.worker()),
                LoopbackAllowed.worker(backend, resultsEndpoint)));
        started.add(Worker.start(
                new WorkerConfig(
                        backend,
                        resultsEndpoint,
                        "connected",
                        5,
                        "connected-worker",
                        target.url("/fast"),
                        TestPlane.worker()),
                LoopbackAllowed.worker(backend, resultsEndpoint)));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().liveWorkers() == 2);
        sendJobs(2, "/fast", "http", "cut-off");
        sendJobs(2, "/fast", "http", "connected");
        List<CheckResult> received = receive(4);
        assertThat(received)
                .filteredOn(r -> r.zone().equals("cut-off"))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.abstaining()).isTrue());
        assertThat(received)
                .filteredOn(r -> r.zone().equals("connected"))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.abstaining()).isFalse());
    }

    @Test
    void aJobForACheckTypeTheWorkerLacksIsReportedFailedWithTheReason() {
        worker("worker-a", 2);
        sendJobs(1, "/fast", "carrier-pigeon");
        CheckResult result = receive(1).getFirst();
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason()).isEqualTo("this worker has no check type 'carrier-pigeon'");
    }
}
