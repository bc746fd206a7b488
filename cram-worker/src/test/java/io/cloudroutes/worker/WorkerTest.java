package io.cloudroutes.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.checks.BodyBudget;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.egress.HostResolver;
import io.cloudroutes.core.egress.testing.StallingServer;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.zmq.BrokerProtocol;
import io.cloudroutes.core.zmq.JobBatch;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.core.zmq.TestResultsSocket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A real worker over loopback ZeroMQ, with the test's ROUTER socket in the broker's place (speaking
 * {@link BrokerProtocol}) and the test's ROUTER socket in the actioner's place.
 */
class WorkerTest {

    private final ZContext zmq = new ZContext();
    private final PlaneSockets brokerPlane = new PlaneSockets(zmq, TestPlane.broker());
    private final List<WorkerMessage> fromWorker = new ArrayList<>();
    private HttpServer target;
    private ZMQ.Socket broker;
    private TestResultsSocket results;
    private Worker worker;
    private WorkerConfig config;
    private String resultsEndpoint;

    /** One message a worker sent to the broker: its socket identity and the frames after it. */
    record WorkerMessage(byte[] identity, List<String> frames) {
        String command() {
            return frames.getFirst();
        }
    }

    @BeforeEach
    void start() throws IOException {
        TestCheckTypes.unstick = new CountDownLatch(1);
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/down", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        target.start();
        String backend = "tcp://127.0.0.1:" + LoopbackPorts.next();
        resultsEndpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        broker = zmq.createSocket(SocketType.ROUTER);
        broker.setReceiveTimeOut(50);
        brokerPlane.serve(broker, "broker-backend", TestPlane.broker().workerPublicKeys());
        broker.bind(backend);
        results = new TestResultsSocket(resultsEndpoint, true);
        config = new WorkerConfig(backend, resultsEndpoint, "eu-west", 3, "worker-1", TestPlane.worker());
        // the test's target listens on loopback: allowed as an operator allows it, the worker's own sockets still not
        worker = Worker.start(
                config,
                Egress.of(
                        EgressPolicy.allowing("127.0.0.0/8", EgressPolicy.ALLOW_VARIABLE),
                        Worker.ownEndpoints(config),
                        HostResolver.system()));
    }

    @AfterEach
    void stop() {
        TestCheckTypes.unstick.countDown();
        worker.close();
        brokerPlane.close();
        results.close();
        zmq.close();
        target.stop(0);
    }

    /** Reads what the worker sent until one message matches, and returns that message. */
    private WorkerMessage awaitFromWorker(Predicate<WorkerMessage> wanted, Duration within) {
        List<WorkerMessage> matching = new ArrayList<>();
        await().atMost(within)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    ZMsg message = ZMsg.recvMsg(broker);
                    while (message != null) {
                        byte[] identity = message.pop().getData();
                        List<String> frames = message.stream()
                                .map(frame -> frame.getString(ZMQ.CHARSET))
                                .toList();
                        WorkerMessage received = new WorkerMessage(identity, frames);
                        fromWorker.add(received);
                        if (wanted.test(received)) {
                            matching.add(received);
                        }
                        message.destroy();
                        message = matching.isEmpty() ? ZMsg.recvMsg(broker, ZMQ.DONTWAIT) : null;
                    }
                    return !matching.isEmpty();
                });
        return matching.getFirst();
    }

    private WorkerMessage awaitReady() {
        return awaitFromWorker(m -> m.command().equals(BrokerProtocol.READY), Duration.ofSeconds(5));
    }

    /** Answers the worker's READY as a broker does and waits for the credits it then grants; returns the READY. */
    private WorkerMessage join() {
        return answer(awaitReady());
    }

    private WorkerMessage answer(WorkerMessage ready) {
        broker.sendMore(ready.identity());
        broker.send(BrokerProtocol.HEARTBEAT);
        awaitFromWorker(
                m -> m.command().equals(BrokerProtocol.CREDIT) && Arrays.equals(m.identity(), ready.identity()),
                Duration.ofSeconds(5));
        return ready;
    }

    private CheckJob sendJob(WorkerMessage ready, String checkType, Map<String, String> settings, long timeoutMillis) {
        long now = System.currentTimeMillis();
        CheckJob job =
                new CheckJob(UUID.randomUUID().toString(), 17, checkType, settings, timeoutMillis, now, now, "eu-west");
        broker.sendMore(ready.identity());
        broker.sendMore(BrokerProtocol.JOB);
        broker.send(MessageCodec.toBytes(job));
        return job;
    }

    private CheckResult awaitResult() {
        List<CheckResult> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    CheckResult result = results.receive();
                    if (result != null) {
                        received.add(result);
                    }
                    return !received.isEmpty();
                });
        return received.getFirst();
    }

    @Test
    void joinsWithItsZoneAndGrantsItsCapacityOnceTheBrokerAnswers() {
        WorkerMessage ready = awaitReady();
        assertThat(ready.frames()).containsExactly(BrokerProtocol.READY, "0", "eu-west", BrokerProtocol.JOBS);
        broker.sendMore(ready.identity());
        broker.send(BrokerProtocol.HEARTBEAT);
        assertThat(awaitFromWorker(m -> m.command().equals(BrokerProtocol.CREDIT), Duration.ofSeconds(5))
                        .frames())
                .containsExactly(BrokerProtocol.CREDIT, "3");
    }

    @Test
    void reportsWhatFailedAtAnHttpTargetAndReturnsTheCredit() {
        WorkerMessage ready = join();
        CheckJob job = sendJob(
                ready,
                "http",
                Map.of("url", "http://127.0.0.1:" + target.getAddress().getPort() + "/down"),
                2000);

        CheckResult result = awaitResult();
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason()).isEqualTo("expected status 200-299 but got 500");
        assertThat(result.resultId()).isEqualTo(job.jobId());
        assertThat(result.monitorId()).isEqualTo(17);
        assertThat(result.zone()).isEqualTo("eu-west");
        assertThat(result.source()).isEqualTo("worker-1");
        assertThat(awaitFromWorker(m -> m.command().equals(BrokerProtocol.CREDIT), Duration.ofSeconds(5))
                        .frames())
                .containsExactly(BrokerProtocol.CREDIT, "1");
    }

    @Test
    void byDefaultAChecksLoopbackTargetIsRefusedNamingTheSettingThatAllowsIt() {
        awaitReady(); // the first worker's, before it goes
        worker.close();
        worker = Worker.start(config);
        int port = target.getAddress().getPort();
        sendJob(join(), "http", Map.of("url", "http://127.0.0.1:" + port + "/down"), 2000);

        CheckResult result = awaitResult();
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason())
                .isEqualTo("127.0.0.1:" + port + " refused by the egress policy (loopback); set"
                        + " CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8 to allow it");
    }

    @Test
    void theWorkersOwnSocketsStayRefusedWhereLoopbackIsAllowed() {
        String port = resultsEndpoint.substring(resultsEndpoint.lastIndexOf(':') + 1);
        sendJob(join(), "tcp", Map.of("host", "127.0.0.1", "port", port), 2000);

        CheckResult result = awaitResult();
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason())
                .isEqualTo("127.0.0.1:" + port + " refused by the egress policy (CloudRoutes' own"
                        + " results socket); CloudRoutes' own endpoints are never allowed");
    }

    @Test
    void aCheckThatOverrunsItsDeadlineIsReportedFailedAndItsCreditReturned() {
        WorkerMessage ready = join();
        sendJob(ready, "stuck", Map.of(), 200);

        CheckResult result = awaitResult();
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason()).isEqualTo("check did not finish within 200 ms");
        awaitFromWorker(m -> m.command().equals(BrokerProtocol.CREDIT), Duration.ofSeconds(5));
    }

    @Test
    void aCheckThatThrowsIsReportedFailedWithItsMessage() {
        sendJob(join(), "broken", Map.of(), 1000);
        CheckResult result = awaitResult();
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason()).contains("disk on fire");
    }

    @Test
    void aJobForACheckTypeItLacksIsReportedFailedWithTheReason() {
        sendJob(join(), "carrier-pigeon", Map.of(), 1000);
        CheckResult result = awaitResult();
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason()).isEqualTo("this worker has no check type 'carrier-pigeon'");
    }

    @Test
    void aCheckThatFindsNoRoomForItsPageInTimeIsRecordedWithoutVotingAndCounted() throws IOException {
        awaitReady(); // the first worker's, before it goes
        worker.close();
        WorkerConfig small = new WorkerConfig(
                config.brokerBackend(),
                resultsEndpoint,
                "eu-west",
                3,
                "worker-1",
                null,
                null,
                TestPlane.worker(),
                WorkerConfig.DEFAULT_RESULTS_BUFFER,
                (int) BodyBudget.LARGEST_RESERVATION);
        worker = Worker.start(
                small,
                Egress.of(
                        EgressPolicy.allowing("127.0.0.0/8", EgressPolicy.ALLOW_VARIABLE),
                        Worker.ownEndpoints(small),
                        HostResolver.system()));
        MeterRegistry meters = new SimpleMeterRegistry();
        worker.bindMetrics(meters);
        target.createContext("/up", exchange -> {
            byte[] page = "{\"status\": \"up\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        String endlessPage = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1073741824\r\n\r\n";
        try (StallingServer endless = new StallingServer(endlessPage, 65_536)) {
            WorkerMessage ready = join();
            // a page announced as 1 GiB takes all of the smallest budget while it trickles in
            sendJob(ready, "http", Map.of("url", endless.url("/"), "keyword", "needle"), 2000);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> meters.get("cloudroutes.worker.body.budget.available.bytes")
                                    .gauge()
                                    .value()
                            == 0);

            CheckJob job = sendJob(
                    ready,
                    "http",
                    Map.of(
                            "url",
                            "http://127.0.0.1:" + target.getAddress().getPort() + "/up",
                            "jsonConditions",
                            "$.status == \"up\""),
                    300);

            CheckResult result = awaitResult();
            assertThat(result.resultId()).isEqualTo(job.jobId());
            assertThat(result.abstaining()).as("a result that does not vote").isTrue();
            assertThat(result.reason())
                    .isEqualTo("not run: no room in this worker's body budget "
                            + "(CLOUDROUTES_WORKER_BODY_BUDGET_BYTES=" + BodyBudget.LARGEST_RESERVATION
                            + ") within the "
                            + "check's 300 ms timeout; the target was not judged");
            assertThat(meters.get("cloudroutes.worker.body.budget.refusals")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get("cloudroutes.worker.body.budget.waits")
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void aMalformedJobGivesItsCreditBackWithoutAResult() {
        WorkerMessage ready = join();
        broker.sendMore(ready.identity());
        broker.sendMore(BrokerProtocol.JOB);
        broker.send("{not json");
        awaitFromWorker(m -> m.command().equals(BrokerProtocol.CREDIT), Duration.ofSeconds(5));
        assertThat(results.receiveNow()).isNull();
    }

    @Test
    void aBatchOfJobsRunsEveryJobOfItAndReportsEachResult() {
        WorkerMessage ready = join();
        long now = System.currentTimeMillis();
        JobBatch batch = new JobBatch(JobBatch.MOST_JOBS, JobBatch.MOST_BYTES);
        for (long monitor = 31; monitor <= 33; monitor++) {
            batch.add(MessageCodec.toBytes(new CheckJob(
                    UUID.randomUUID().toString(), monitor, "carrier-pigeon", Map.of(), 1000, now, now, "eu-west")));
        }
        broker.sendMore(ready.identity());
        broker.sendMore(BrokerProtocol.JOBS);
        broker.sendMore("3");
        broker.send(batch.message());

        List<CheckResult> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    CheckResult result = results.receive();
                    if (result != null) {
                        received.add(result);
                    }
                    return received.size() >= 3;
                });
        assertThat(received).extracting(CheckResult::monitorId).containsExactlyInAnyOrder(31L, 32L, 33L);
    }

    @Test
    void aMalformedBatchGivesBackEveryCreditItUsedWithoutAResult() {
        WorkerMessage ready = join();
        int creditsBefore = creditsGranted();
        broker.sendMore(ready.identity());
        broker.sendMore(BrokerProtocol.JOBS);
        broker.sendMore("2");
        // a batch whose only job claims more bytes than follow
        broker.send(new byte[] {0, 0, 0, 0, 9, '{'});
        awaitFromWorker(m -> creditsGranted() - creditsBefore >= 2, Duration.ofSeconds(5));
        assertThat(results.receiveNow()).isNull();
    }

    /** The credits the worker granted so far, over every CREDIT it sent. */
    private int creditsGranted() {
        return fromWorker.stream()
                .filter(m -> m.command().equals(BrokerProtocol.CREDIT))
                .mapToInt(m -> Integer.parseInt(m.frames().get(1)))
                .sum();
    }

    @Test
    void reconnectsAndAnnouncesItselfAgainWhenTheBrokerGoesSilent() {
        // This broker never answers, so after LIVENESS heartbeats the worker gives up on its connection.
        WorkerMessage first = awaitReady();
        WorkerMessage again = awaitReady();
        assertThat(again.identity()).isNotEqualTo(first.identity());
        assertThat(again.frames()).containsExactly(BrokerProtocol.READY, "0", "eu-west", BrokerProtocol.JOBS);
        assertThat(fromWorker).extracting(WorkerMessage::command).contains(BrokerProtocol.HEARTBEAT);
    }

    @Test
    void aReconnectedBrokerIsGrantedOnlyTheCapacityNotTakenByRunningChecks() {
        WorkerMessage ready = join();
        sendJob(ready, "stuck", Map.of(), 60_000);
        WorkerMessage again = awaitFromWorker(
                m -> m.command().equals(BrokerProtocol.READY) && !Arrays.equals(m.identity(), ready.identity()),
                Duration.ofSeconds(10));
        broker.sendMore(again.identity());
        broker.send(BrokerProtocol.HEARTBEAT);
        assertThat(awaitFromWorker(
                                m -> m.command().equals(BrokerProtocol.CREDIT)
                                        && Arrays.equals(m.identity(), again.identity()),
                                Duration.ofSeconds(5))
                        .frames())
                .containsExactly(BrokerProtocol.CREDIT, "2");
    }

    @Test
    void aCheckInFlightWhenTheWorkerStopsFinishesAndItsResultIsSent() {
        MeterRegistry meters = new SimpleMeterRegistry();
        worker.bindMetrics(meters);
        sendJob(join(), "stuck", Map.of(), 1500);
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        meters.get("cloudroutes.worker.schedule.lag").timer().count() == 1);

        Thread stopping = Thread.ofVirtual().start(worker::close); // SIGTERM while the check runs
        awaitFromWorker(m -> m.command().equals(BrokerProtocol.BYE), Duration.ofSeconds(5));
        CheckResult result = awaitResult();
        assertThat(result.reason()).isEqualTo("check did not finish within 1500 ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> !stopping.isAlive());
    }

    @Test
    void saysGoodbyeWhenClosed() {
        awaitReady();
        worker.close();
        awaitFromWorker(m -> m.command().equals(BrokerProtocol.BYE), Duration.ofSeconds(5));
    }

    @Test
    void talksToNoBrokerThatLacksTheBrokersSecretKey() throws IOException {
        // an impostor that knows every public key and admits this worker, but holds another secret key
        String impostorEndpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        try (ZContext impostorZmq = new ZContext()) {
            PlaneSockets impostor = new PlaneSockets(impostorZmq, TestPlane.stranger());
            ZMQ.Socket router = impostorZmq.createSocket(SocketType.ROUTER);
            impostor.serve(router, "broker-backend", java.util.Set.of(TestPlane.WORKER.publicKey()));
            router.bind(impostorEndpoint);
            Worker misled = Worker.start(new WorkerConfig(
                    impostorEndpoint,
                    "tcp://127.0.0.1:" + LoopbackPorts.next(),
                    "eu-west",
                    3,
                    "worker-2",
                    TestPlane.worker()));
            try {
                // the worker hears nothing it trusts, and the impostor none of its READY, heartbeats or results
                await().atMost(Duration.ofSeconds(15)).until(() -> misled.health() != null);
                assertThat(misled.health()).startsWith("no word from the broker at " + impostorEndpoint);
                assertThat(ZMsg.recvMsg(router, ZMQ.DONTWAIT)).isNull();
            } finally {
                misled.close();
                impostor.close();
            }
        }
    }

    /** Replaces the worker with one reporting to {@code actioners} that keeps up to {@code buffer} results. */
    private WorkerMessage startWorkerReportingTo(String actioners, int buffer, MeterRegistry meters) {
        worker.close();
        WorkerConfig reporting = new WorkerConfig(
                config.brokerBackend(), actioners, "eu-west", 3, "reporting", null, null, TestPlane.worker(), buffer);
        worker = Worker.start(
                reporting,
                Egress.of(
                        EgressPolicy.allowing("127.0.0.0/8", EgressPolicy.ALLOW_VARIABLE),
                        Worker.ownEndpoints(reporting),
                        HostResolver.system()));
        worker.bindMetrics(meters);
        return answer(awaitFromWorker(
                m -> m.command().equals(BrokerProtocol.READY)
                        && new String(m.identity(), StandardCharsets.UTF_8).startsWith("reporting/"),
                Duration.ofSeconds(5)));
    }

    /** Waits for the next result at {@code actioner}. */
    private static CheckResult awaitResultAt(TestResultsSocket actioner, Duration within) {
        List<CheckResult> received = new ArrayList<>();
        await().atMost(within)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    CheckResult result = actioner.receive();
                    if (result != null) {
                        received.add(result);
                    }
                    return !received.isEmpty();
                });
        return received.getFirst();
    }

    private static double measured(MeterRegistry meters, String name) {
        return meters.get(name).meter().measure().iterator().next().getValue();
    }

    @Test
    void aResultNoActionerAcknowledgesIsSentAgainUntilOneDoes() throws IOException {
        MeterRegistry meters = new SimpleMeterRegistry();
        String endpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        try (TestResultsSocket silent = new TestResultsSocket(endpoint, false)) {
            CheckJob job = sendJob(startWorkerReportingTo(endpoint, 100, meters), "carrier-pigeon", Map.of(), 1000);
            assertThat(awaitResultAt(silent, Duration.ofSeconds(15)).resultId()).isEqualTo(job.jobId());
            // not acknowledged: the same result comes again after the resend interval
            assertThat(awaitResultAt(silent, Duration.ofSeconds(10)).resultId()).isEqualTo(job.jobId());
            // the worker thread counts a resend once the send returns, which may be after the result arrived here
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> measured(meters, "cloudroutes.worker.results.resent") >= 1);
            assertThat(measured(meters, "cloudroutes.worker.results.unacknowledged"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aResultSurvivesTheDeathOfTheActionerThatReceivedItAndReachesAnother() throws IOException {
        MeterRegistry meters = new SimpleMeterRegistry();
        String first = "tcp://127.0.0.1:" + LoopbackPorts.next();
        String second = "tcp://127.0.0.1:" + LoopbackPorts.next();
        CheckJob job;
        try (TestResultsSocket dying = new TestResultsSocket(first, false)) {
            job = sendJob(startWorkerReportingTo(first + "," + second, 100, meters), "carrier-pigeon", Map.of(), 1000);
            // received, and the actioner dies before it acknowledges
            assertThat(awaitResultAt(dying, Duration.ofSeconds(15)).resultId()).isEqualTo(job.jobId());
        }
        try (TestResultsSocket survivor = new TestResultsSocket(second, true)) {
            assertThat(awaitResultAt(survivor, Duration.ofSeconds(15)).resultId())
                    .isEqualTo(job.jobId());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> measured(meters, "cloudroutes.worker.results.unacknowledged") == 0);
        }
    }

    @Test
    void onceAnActionerIsGoneEveryResultGoesToTheLiveOneWithoutWaitingForAResend() throws IOException {
        MeterRegistry meters = new SimpleMeterRegistry();
        String first = "tcp://127.0.0.1:" + LoopbackPorts.next();
        String second = "tcp://127.0.0.1:" + LoopbackPorts.next();
        try (TestResultsSocket survivor = new TestResultsSocket(second, true)) {
            WorkerMessage ready;
            try (TestResultsSocket dying = new TestResultsSocket(first, true)) {
                ready = startWorkerReportingTo(first + "," + second, 100, meters);
                sendJob(ready, "carrier-pigeon", Map.of(), 1000);
                // the first result waits for the worker's connections and their handshakes, as in the tests above
                await().atMost(Duration.ofSeconds(15))
                        .pollInSameThread()
                        .until(() -> dying.receive() != null || survivor.receive() != null);
            }
            // the first result after the death may still have gone the dead actioner's way, and come again
            broker.sendMore(ready.identity());
            broker.send(BrokerProtocol.HEARTBEAT);
            sendJob(ready, "carrier-pigeon", Map.of(), 1000);
            awaitResultAt(survivor, Duration.ofSeconds(15));
            double resentBefore = measured(meters, "cloudroutes.worker.results.resent");
            for (int i = 0; i < 10; i++) {
                broker.sendMore(ready.identity());
                broker.send(BrokerProtocol.HEARTBEAT); // the broker is alive: the worker keeps its connection
                CheckJob job = sendJob(ready, "carrier-pigeon", Map.of(), 1000);
                assertThat(awaitResultAt(survivor, Duration.ofSeconds(15)).resultId())
                        .isEqualTo(job.jobId());
            }
            // none was queued on the dead actioner's connection to wait for the resend
            assertThat(measured(meters, "cloudroutes.worker.results.resent")).isEqualTo(resentBefore);
        }
    }

    @Test
    void aWorkerWhoseActionersAreAllAwayKeepsTheNewestResultsUpToItsBoundAndCountsTheDropped() throws IOException {
        MeterRegistry meters = new SimpleMeterRegistry();
        String endpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        WorkerMessage ready = startWorkerReportingTo(endpoint, 3, meters);
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobIds.add(sendJob(ready, "carrier-pigeon", Map.of(), 1000).jobId());
            awaitFromWorker(m -> m.command().equals(BrokerProtocol.CREDIT), Duration.ofSeconds(5)); // in order
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> measured(meters, "cloudroutes.worker.results.dropped") == 2);
        assertThat(measured(meters, "cloudroutes.worker.results.unacknowledged"))
                .isEqualTo(3);

        // an actioner comes: it gets the three newest, and nothing is kept once it acknowledged them
        try (TestResultsSocket actioner = new TestResultsSocket(endpoint, true)) {
            List<String> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).pollInSameThread().until(() -> {
                CheckResult result = actioner.receive();
                if (result != null) {
                    received.add(result.resultId());
                }
                return received.containsAll(jobIds.subList(2, 5));
            });
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> measured(meters, "cloudroutes.worker.results.unacknowledged") == 0);
            assertThat(measured(meters, "cloudroutes.worker.results.dropped")).isEqualTo(2);
        }
    }

    /**
     * A broker's ROUTER socket driven by the test that, while answering, answers every message of a worker with a
     * heartbeat as a live broker does; it tracks the credits the worker's latest connection granted it.
     */
    private final class TestBroker {
        private final ZMQ.Socket socket = zmq.createSocket(SocketType.ROUTER);
        private final String endpoint;
        private volatile boolean answering = true;
        private byte[] identity;
        private int credits;
        private final List<String> readies = new ArrayList<>();

        TestBroker() throws IOException {
            endpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
            socket.setReceiveTimeOut(0);
            brokerPlane.serve(
                    socket,
                    "broker-backend-" + UUID.randomUUID(),
                    TestPlane.broker().workerPublicKeys());
            socket.bind(endpoint);
        }

        /** Reads what the worker sent; returns this. */
        TestBroker read() {
            ZMsg message;
            while ((message = ZMsg.recvMsg(socket, ZMQ.DONTWAIT)) != null) {
                byte[] from = message.pop().getData();
                String command = message.popString();
                if (BrokerProtocol.READY.equals(command)) {
                    readies.add(message.popString());
                    identity = from;
                    credits = 0;
                } else if (BrokerProtocol.CREDIT.equals(command) && Arrays.equals(from, identity)) {
                    credits += Integer.parseInt(message.popString());
                }
                if (answering && Arrays.equals(from, identity)) {
                    socket.sendMore(from);
                    socket.send(BrokerProtocol.HEARTBEAT);
                }
                message.destroy();
            }
            return this;
        }

        void sendStuckJobs(int count) {
            for (int i = 0; i < count; i++) {
                long now = System.currentTimeMillis();
                socket.sendMore(identity);
                socket.sendMore(BrokerProtocol.JOB);
                socket.send(MessageCodec.toBytes(new CheckJob(
                        UUID.randomUUID().toString(), 17, "stuck", Map.of(), 60_000, now, now, "eu-west")));
                credits--;
            }
        }
    }

    private static void eventually(java.util.function.BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(15))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }

    @Test
    void splitsItsCapacityBetweenTwoBrokersAndHandsTheShareOfOneThatFallsSilentToTheOther() throws IOException {
        worker.close();
        TestBroker first = new TestBroker();
        TestBroker second = new TestBroker();
        MeterRegistry meters = new SimpleMeterRegistry();
        WorkerConfig both = new WorkerConfig(
                first.endpoint + "," + second.endpoint,
                resultsEndpoint,
                "eu-west",
                4,
                "two-brokers",
                TestPlane.worker());
        worker = Worker.start(
                both,
                Egress.of(
                        EgressPolicy.allowing("127.0.0.0/8", EgressPolicy.ALLOW_VARIABLE),
                        Worker.ownEndpoints(both),
                        HostResolver.system()));
        worker.bindMetrics(meters);

        // each broker that answers gets half of the capacity
        eventually(() -> first.read().credits == 2 && second.read().credits == 2);
        assertThat(first.readies).containsExactly("0");
        assertThat(measured(meters, "cloudroutes.worker.brokers.connected")).isEqualTo(2);

        // the first runs two checks; the second falls silent holding two unused credits
        first.sendStuckJobs(2);
        second.answering = false;
        // after LIVENESS silent heartbeats its credits go to the first broker, never more than the capacity in all
        eventually(() -> first.read().credits == 2 && second.read().readies.size() == 2);
        assertThat(second.readies).containsExactly("0", "0");
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .pollInSameThread()
                .until(() -> first.read().credits == 2);
        assertThat(measured(meters, "cloudroutes.worker.brokers.connected")).isEqualTo(1);
        first.sendStuckJobs(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> measured(meters, "cloudroutes.worker.checks.in.flight") == 4);

        // the second answers again: it gets its share back from the checks that finish, not on top of the capacity
        second.answering = true;
        eventually(() -> first.read().credits == 0
                && second.read().credits == 0
                && measured(meters, "cloudroutes.worker.brokers.connected") == 2);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .pollInSameThread()
                .until(() -> first.read().credits == 0 && second.read().credits == 0);
        TestCheckTypes.unstick.countDown();
        eventually(() -> first.read().credits + second.read().credits == 4 && second.credits == 2);
    }
}
