package io.cloudroutes.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.ops.OpsEndpoint;
import io.cloudroutes.core.zmq.BrokerProtocol;
import io.cloudroutes.core.zmq.JobBatch;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.core.zmq.ZmqSecurity;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A real broker over loopback ZeroMQ. The test's PUSH socket stands where a control would and its DEALER sockets
 * where workers would, speaking {@link BrokerProtocol} frame by frame, so that credits and heartbeats are exact.
 */
class BrokerTest {

    private final ZContext zmq = new ZContext();
    private final ZContext controlZmq = new ZContext();
    private final List<Broker> brokers = new ArrayList<>();
    private String frontend;
    private String backend;
    private ZMQ.Socket control;

    @BeforeEach
    void endpoints() throws IOException {
        frontend = "tcp://127.0.0.1:" + LoopbackPorts.next();
        backend = "tcp://127.0.0.1:" + LoopbackPorts.next();
    }

    @AfterEach
    void stop() {
        brokers.forEach(Broker::close);
        zmq.close();
        controlZmq.close();
    }

    private Broker startBroker(int zoneQueueCapacity, Duration maxJobAge) {
        Broker broker =
                Broker.start(new BrokerConfig(frontend, backend, zoneQueueCapacity, maxJobAge, TestPlane.broker()));
        brokers.add(broker);
        control = pushTo(frontend, TestPlane.control());
        return broker;
    }

    /** A PUSH socket in a control's place, with the given keys (null: no CURVE at all). */
    private ZMQ.Socket pushTo(String endpoint, ZmqSecurity keys) {
        ZMQ.Socket push = controlZmq.createSocket(SocketType.PUSH);
        push.setLinger(0);
        if (keys != null) {
            new PlaneSockets(controlZmq, keys).connectTo(push, TestPlane.BROKER.publicKey());
        }
        push.connect(endpoint);
        return push;
    }

    /** A worker's DEALER socket, driven by hand. */
    private final class TestWorker {
        private final ZMQ.Socket socket = zmq.createSocket(SocketType.DEALER);
        private final List<CheckJob> jobs = new ArrayList<>();
        /** How many jobs each message brought. */
        private final List<Integer> messages = new ArrayList<>();

        private int heartbeats;

        TestWorker(String name, int capacity) {
            this(name, capacity, "lab");
        }

        TestWorker(String name, int capacity, String zone) {
            this(name, capacity, zone, TestPlane.worker());
        }

        TestWorker(String name, int capacity, String zone, ZmqSecurity keys) {
            this(name, capacity, zone, keys, false);
        }

        /** {@code readsBatches}: says so in READY, as cram-worker does; without, it speaks as a worker before batches. */
        TestWorker(String name, int capacity, String zone, ZmqSecurity keys, boolean readsBatches) {
            if (keys != null) {
                new PlaneSockets(zmq, keys).connectTo(socket, TestPlane.BROKER.publicKey());
            }
            socket.setIdentity(name.getBytes(StandardCharsets.UTF_8));
            socket.setReceiveTimeOut(0);
            socket.connect(backend);
            socket.sendMore(BrokerProtocol.READY);
            socket.sendMore(String.valueOf(capacity));
            if (readsBatches) {
                socket.sendMore(zone);
                socket.send(BrokerProtocol.JOBS);
            } else {
                socket.send(zone);
            }
        }

        /** Reads what the broker sent so far; answers each broker heartbeat as a live worker does. */
        TestWorker receive() {
            ZMsg message;
            while ((message = ZMsg.recvMsg(socket, ZMQ.DONTWAIT)) != null) {
                String command = message.popString();
                if (BrokerProtocol.JOB.equals(command)) {
                    jobs.add(MessageCodec.fromBytes(message.pop().getData(), CheckJob.class));
                    messages.add(1);
                } else if (BrokerProtocol.JOBS.equals(command)) {
                    int count = Integer.parseInt(message.popString());
                    List<byte[]> batch = JobBatch.jobsOf(message.pop().getData());
                    assertThat(batch).hasSize(count);
                    batch.forEach(job -> jobs.add(MessageCodec.fromBytes(job, CheckJob.class)));
                    messages.add(count);
                } else if (BrokerProtocol.HEARTBEAT.equals(command)) {
                    heartbeats++;
                    socket.send(BrokerProtocol.HEARTBEAT);
                }
                message.destroy();
            }
            return this;
        }

        void credit(int n) {
            socket.sendMore(BrokerProtocol.CREDIT);
            socket.send(String.valueOf(n));
        }

        int jobCount() {
            return receive().jobs.size();
        }
    }

    private void sendJobs(int count, long issuedAtMillis) {
        sendJobs(count, issuedAtMillis, "lab");
    }

    private void sendJobs(int count, long issuedAtMillis, String zone) {
        sendJobs(control, count, issuedAtMillis, zone);
    }

    private static void sendJobs(ZMQ.Socket control, int count, long issuedAtMillis, String zone) {
        for (int i = 0; i < count; i++) {
            control.send(MessageCodec.toBytes(new CheckJob(
                    UUID.randomUUID().toString(),
                    i + 1,
                    "tcp",
                    Map.of("host", "127.0.0.1", "port", "1"),
                    1000,
                    issuedAtMillis,
                    issuedAtMillis,
                    zone)));
        }
    }

    private static void eventually(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }

    @Test
    void sendsAWorkerNoMoreJobsThanItsCreditsAndMoreAsCreditsReturn() {
        Broker broker = startBroker(100, Duration.ofMinutes(2));
        TestWorker worker = new TestWorker("w1", 2);
        eventually(() -> broker.stats().liveWorkers() == 1);
        sendJobs(5, System.currentTimeMillis());
        eventually(() -> worker.jobCount() == 2 && broker.stats().queuedJobs() == 3);
        assertThat(broker.stats().jobsDispatched()).isEqualTo(2);

        worker.credit(1);
        eventually(() -> worker.jobCount() == 3 && broker.stats().queuedJobs() == 2);
        assertThat(broker.stats().jobsDispatched()).isEqualTo(3);
    }

    @Test
    void givesEachJobToTheWorkerWithTheMostFreeCreditsTakingTurnsOnTies() {
        Broker broker = startBroker(100, Duration.ofMinutes(2));
        TestWorker small = new TestWorker("small", 1);
        TestWorker large = new TestWorker("large", 3);
        eventually(() -> broker.stats().liveWorkers() == 2);
        sendJobs(4, System.currentTimeMillis());
        // large 3 -> large 2 -> large 1 = small 1, small waited longer -> large takes the last one
        eventually(() -> small.jobCount() + large.jobCount() == 4);
        assertThat(small.jobs).hasSize(1);
        assertThat(large.jobs).hasSize(3);
    }

    @Test
    void aZoneWithoutWorkersFillsOnlyItsOwnQueueWhileAnotherZonesJobsKeepFlowing() {
        Broker broker = startBroker(3, Duration.ofMinutes(2));
        TestWorker labWorker = new TestWorker("lab-worker", 100, "lab");
        eventually(() -> broker.stats().liveWorkers() == 1);
        sendJobs(10, System.currentTimeMillis(), "mars");
        sendJobs(5, System.currentTimeMillis(), "lab");

        eventually(() -> labWorker.jobCount() == 5);
        eventually(() -> broker.stats().jobsDroppedFull() == 7);
        assertThat(broker.stats().queuedJobs()).isEqualTo(3);
        assertThat(labWorker.jobs).extracting(CheckJob::zone).containsOnly("lab");

        // later lab jobs still flow while mars stays full
        sendJobs(2, System.currentTimeMillis(), "lab");
        eventually(() -> labWorker.jobCount() == 7);
        assertThat(broker.stats().jobsDroppedFull()).isEqualTo(7);
    }

    @Test
    void aFullZoneTakesJobsAgainOnceAWorkerOfItsOwnDrainsIt() {
        Broker broker = startBroker(3, Duration.ofMinutes(2));
        sendJobs(5, System.currentTimeMillis(), "mars");
        eventually(() -> broker.stats().jobsReceived() == 5);
        assertThat(broker.stats().queuedJobs()).isEqualTo(3);
        assertThat(broker.stats().jobsDroppedFull()).isEqualTo(2);
        PrometheusMeterRegistry meters = OpsEndpoint.newRegistry("cram-broker");
        broker.bindMetrics(meters);
        assertThat(meters.scrape()).contains("cloudroutes_broker_jobs_dropped_full_total{process=\"cram-broker\"} 2.0");

        TestWorker marsWorker = new TestWorker("mars-worker", 100, "mars");
        eventually(() -> marsWorker.jobCount() == 3);
        sendJobs(2, System.currentTimeMillis(), "mars");
        eventually(() -> marsWorker.jobCount() == 5);
        assertThat(broker.stats().jobsDroppedFull()).isEqualTo(2);
    }

    @Test
    void aZoneLeftWithNeitherJobsNorWorkersLeavesNoSeriesBehindWhileAZoneWithWorkersKeepsItsOwn() {
        // the zone gauges are refreshed every second: the jobs stay long enough to be seen
        Broker broker = startBroker(100, Duration.ofSeconds(3));
        PrometheusMeterRegistry meters = OpsEndpoint.newRegistry("cram-broker");
        broker.bindMetrics(meters);
        TestWorker labWorker = new TestWorker("lab-worker", 10, "lab");
        // jobs for a zone nobody serves wait, visible per zone, until they are too old to run
        sendJobs(2, System.currentTimeMillis(), "mars");
        eventually(() -> meters.scrape()
                .contains("cloudroutes_broker_zone_queued_jobs{process=\"cram-broker\",zone=\"mars\"} 2.0"));

        eventually(() -> labWorker.receive().heartbeats > 0
                && broker.stats().jobsDroppedStale() == 2
                && !meters.scrape().contains("zone=\"mars\""));
        assertThat(meters.scrape())
                .contains("cloudroutes_broker_zone_workers{process=\"cram-broker\",zone=\"lab\"} 1.0");
        // a zone named again gets its series back
        sendJobs(1, System.currentTimeMillis(), "mars");
        eventually(() -> meters.scrape()
                .contains("cloudroutes_broker_zone_queued_jobs{process=\"cram-broker\",zone=\"mars\"} 1.0"));
    }

    @Test
    void dropsAndCountsJobsHeldLongerThanTheMaximumAgeByItsOwnClock() {
        Broker broker = startBroker(100, Duration.ofSeconds(1));
        // from a control whose clock runs ten minutes ahead: young by its stamp, but held here too long all the same
        sendJobs(2, System.currentTimeMillis() + 600_000);
        eventually(() -> broker.stats().jobsReceived() == 2);
        eventually(
                () -> broker.stats().jobsDroppedStale() == 2 && broker.stats().queuedJobs() == 0);

        sendJobs(1, System.currentTimeMillis());
        TestWorker worker = new TestWorker("w1", 10);
        eventually(() -> worker.jobCount() == 1);
        assertThat(broker.stats().jobsDroppedStale()).isEqualTo(2);
    }

    @Test
    void runsTheJobsOfAControlWhoseClockIsTenMinutesBehind() {
        Broker broker = startBroker(100, Duration.ofMinutes(2));
        TestWorker worker = new TestWorker("w1", 10);
        eventually(() -> broker.stats().liveWorkers() == 1);
        sendJobs(3, System.currentTimeMillis() - 600_000);
        eventually(() -> worker.jobCount() == 3);
        assertThat(broker.stats().jobsDroppedStale()).isZero();
    }

    @Test
    void stopsGivingWorkToAWorkerThatFallsSilent() {
        Broker broker = startBroker(100, Duration.ofMinutes(2));
        TestWorker silent = new TestWorker("silent", 10);
        TestWorker alive = new TestWorker("alive", 10);
        eventually(() -> broker.stats().liveWorkers() == 2);
        // Only the live worker answers heartbeats; the other never reads its socket again.
        eventually(() -> alive.receive().heartbeats > 0 && broker.stats().liveWorkers() == 1);

        sendJobs(4, System.currentTimeMillis());
        eventually(() -> alive.jobCount() == 4);
        assertThat(silent.jobs).isEmpty();
    }

    @Test
    void aWorkerThatSaysGoodbyeGetsNoMoreWork() {
        Broker broker = startBroker(100, Duration.ofMinutes(2));
        TestWorker leaving = new TestWorker("leaving", 10);
        TestWorker staying = new TestWorker("staying", 1);
        eventually(() -> broker.stats().liveWorkers() == 2);
        leaving.socket.send(BrokerProtocol.BYE);
        eventually(() -> broker.stats().liveWorkers() == 1);

        sendJobs(3, System.currentTimeMillis());
        eventually(() -> staying.jobCount() == 1 && broker.stats().queuedJobs() == 2);
        assertThat(leaving.jobCount()).isZero();
    }

    @Test
    void dropsMalformedJobsAndKeepsRouting() {
        Broker broker = startBroker(100, Duration.ofMinutes(2));
        control.send("{not json");
        control.send("null");
        sendJobs(1, System.currentTimeMillis());
        TestWorker worker = new TestWorker("w1", 5);
        eventually(() -> worker.jobCount() == 1);
        assertThat(broker.stats().messagesMalformed()).isEqualTo(2);
        assertThat(broker.health()).isNull();
    }

    @Test
    void takesEachJobOfABatchAndDropsABatchCutShortAsOneMalformedMessage() {
        Broker broker = startBroker(100, Duration.ofMinutes(2));
        TestWorker worker = new TestWorker("w1", 100);
        eventually(() -> broker.stats().liveWorkers() == 1);
        long now = System.currentTimeMillis();
        JobBatch batch = new JobBatch(50, 64 * 1024);
        for (int i = 1; i <= 3; i++) {
            batch.add(MessageCodec.toBytes(new CheckJob(
                    "batched-" + i, 40 + i, "tcp", Map.of("host", "127.0.0.1", "port", "1"), 1000, now, now, "lab")));
        }
        byte[] message = batch.message();
        control.send(message);
        control.send(Arrays.copyOf(message, message.length - 2));
        sendJobs(1, now);

        eventually(() -> worker.jobCount() == 4);
        assertThat(worker.jobs).extracting(CheckJob::jobId).startsWith("batched-1", "batched-2", "batched-3");
        assertThat(broker.stats().jobsReceived()).isEqualTo(4);
        assertThat(broker.stats().messagesMalformed()).isEqualTo(1);
    }

    @Test
    void aWorkerThatReadsBatchesGetsAsManyJobsAtOnceAsItHasCreditsForAndAnOlderWorkerOneAtATime() {
        Broker broker = startBroker(1_000, Duration.ofMinutes(2));
        // the jobs wait in the queue until a worker joins, so that they go out together
        sendJobs(30, System.currentTimeMillis());
        eventually(() -> broker.stats().queuedJobs() == 30);
        TestWorker batched = new TestWorker("batched", 20, "lab", TestPlane.worker(), true);
        eventually(() -> batched.jobCount() == 20);
        assertThat(batched.messages).as("jobs per message").containsExactly(20);
        assertThat(batched.jobs)
                .extracting(CheckJob::monitorId)
                .containsExactly(LongStream.rangeClosed(1, 20).boxed().toArray(Long[]::new));

        TestWorker older = new TestWorker("older", 5);
        eventually(() -> older.jobCount() == 5);
        assertThat(older.messages).containsOnly(1).hasSize(5);
        assertThat(broker.stats().jobsDispatched()).isEqualTo(25);
        assertThat(broker.stats().queuedJobs()).isEqualTo(5);

        // credits returned one at a time while jobs wait: one job per message, as before batches
        batched.credit(1);
        eventually(() -> batched.jobCount() == 21);
        assertThat(batched.messages).containsExactly(20, 1);
    }

    @Test
    void refusesToStartWhenItsPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            String endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Broker.start(
                            new BrokerConfig(endpoint, backend, 10, Duration.ofMinutes(1), TestPlane.broker())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker could not bind " + endpoint);
        }
    }

    @Test
    void aBrokerGivenTheListOfEveryBrokerBindsItsOwnBindSettingAndRefusesToGuessWithout() {
        Map<String, String> shared = new java.util.HashMap<>(TestPlane.env(TestPlane.BROKER));
        shared.put("CLOUDROUTES_BROKER_FRONTEND", "tcp://broker-a:5555,tcp://broker-b:5555");
        shared.put("CLOUDROUTES_BROKER_BACKEND", "tcp://broker-a:5556,tcp://broker-b:5556");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BrokerConfig.fromEnv(Env.of(shared)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set CLOUDROUTES_BROKER_FRONTEND_BIND");
        shared.put("CLOUDROUTES_BROKER_FRONTEND_BIND", "tcp://*:5555");
        shared.put("CLOUDROUTES_BROKER_BACKEND_BIND", "tcp://*:5556");
        BrokerConfig config = BrokerConfig.fromEnv(Env.of(shared));
        assertThat(config.frontendBind()).isEqualTo("tcp://*:5555");
        assertThat(config.backendBind()).isEqualTo("tcp://*:5556");
    }

    @Test
    void aWorkerWithoutAnAdmittedKeyIsNeverGivenAJobAndIsCounted() {
        Broker broker = startBroker(100, Duration.ofMinutes(2));
        // knows the broker's public key, which is no secret, but holds a key the broker does not admit
        TestWorker stranger = new TestWorker("stranger", 100, "lab", TestPlane.stranger());
        TestWorker plain = new TestWorker("plain", 100, "lab", null);
        eventually(() -> broker.peersRefused(Broker.BACKEND) >= 2);
        sendJobs(3, System.currentTimeMillis());
        eventually(() -> broker.stats().jobsReceived() == 3);

        TestWorker admitted = new TestWorker("admitted", 100, "lab");
        eventually(() -> admitted.jobCount() == 3);
        assertThat(stranger.jobCount()).isZero();
        assertThat(plain.jobCount()).isZero();
        assertThat(broker.stats().liveWorkers()).isEqualTo(1);
        PrometheusMeterRegistry meters = OpsEndpoint.newRegistry("cram-broker");
        broker.bindMetrics(meters);
        assertThat(meters.scrape())
                .contains("cloudroutes_zmq_peers_refused_total{process=\"cram-broker\",socket=\"broker-backend\"}");
        assertThat(meters.get("cloudroutes.zmq.peers.refused")
                        .tag("socket", Broker.BACKEND)
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aControlWithoutAnAdmittedKeyCannotPushJobs() {
        Broker broker = startBroker(100, Duration.ofMinutes(2));
        TestWorker worker = new TestWorker("w1", 100, "lab");
        eventually(() -> broker.stats().liveWorkers() == 1);
        // a worker's key is admitted on the backend, not on the frontend where jobs come in
        sendJobs(pushTo(frontend, TestPlane.worker()), 2, System.currentTimeMillis(), "lab");
        sendJobs(pushTo(frontend, null), 2, System.currentTimeMillis(), "lab");
        eventually(() -> broker.peersRefused(Broker.FRONTEND) >= 2);

        sendJobs(1, System.currentTimeMillis());
        eventually(() -> worker.jobCount() == 1);
        assertThat(broker.stats().jobsReceived()).isEqualTo(1);
    }
}
