package io.cloudroutes.core.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.ops.OpsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A real CURVE server socket (the actioner's results socket) and real client sockets over loopback: only admitted
 * workers get a message through; everyone else is refused and counted; an oversized message is dropped.
 */
class PlaneSocketsTest {

    private final ZContext serverContext = new ZContext();
    private final ZContext clientContext = new ZContext();
    private PlaneSockets server;
    private ZMQ.Socket results;
    private String endpoint;

    @BeforeEach
    void bind() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            endpoint = "tcp://127.0.0.1:" + socket.getLocalPort();
        }
        server = new PlaneSockets(
                serverContext,
                new ZmqSecurity(
                        TestPlane.ACTIONER, null, null, Set.of(), Set.of(TestPlane.WORKER.publicKey()), 64 * 1024));
        results = serverContext.createSocket(SocketType.PULL);
        results.setReceiveTimeOut(50);
        server.serve(results, "results", Set.of(TestPlane.WORKER.publicKey()));
        results.bind(endpoint);
    }

    @AfterEach
    void close() {
        clientContext.close();
        server.close();
        serverContext.close();
    }

    private ZMQ.Socket client(ZmqSecurity security, String serverKey) {
        ZMQ.Socket push = clientContext.createSocket(SocketType.PUSH);
        push.setLinger(0);
        if (security != null) {
            new PlaneSockets(clientContext, security).connectTo(push, serverKey);
        }
        push.connect(endpoint);
        return push;
    }

    /** Receives for a while; the first message that arrived, or null. */
    private byte[] receiveWithin(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] message = results.recv();
            if (message != null) {
                return message;
            }
        }
        return null;
    }

    @Test
    void anAdmittedWorkerGetsItsResultsThrough() {
        ZMQ.Socket worker = client(TestPlane.worker(), TestPlane.ACTIONER.publicKey());
        worker.send("result");
        assertThat(receiveWithin(Duration.ofSeconds(10)))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("result");
        assertThat(server.refused("results")).isZero();
    }

    @Test
    void aPeerWithAKeyNobodyAdmittedIsRefusedAndCounted() {
        ZMQ.Socket stranger = client(TestPlane.stranger(), TestPlane.ACTIONER.publicKey());
        stranger.send("FAILED, forged");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.refused("results") >= 1);
        assertThat(receiveWithin(Duration.ofMillis(500))).isNull();
    }

    @Test
    void aPeerWithoutCurveIsRefusedAndCounted() {
        ZMQ.Socket plain = client(null, null);
        plain.send("FAILED, forged");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.refused("results") >= 1);
        assertThat(receiveWithin(Duration.ofMillis(500))).isNull();

        PrometheusMeterRegistry meters = OpsEndpoint.newRegistry("crbridge");
        server.bindMetrics(meters);
        assertThat(meters.scrape())
                .contains("cloudroutes_zmq_peers_refused_total{process=\"crbridge\",socket=\"results\"}");
        assertThat(meters.get("cloudroutes.zmq.peers.refused")
                        .tag("socket", "results")
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aWorkerThatTrustsAnotherServerKeyGetsNothingThrough() {
        ZMQ.Socket misled = client(TestPlane.worker(), TestPlane.BROKER.publicKey());
        misled.send("result");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.refused("results") >= 1);
        assertThat(receiveWithin(Duration.ofMillis(500))).isNull();
    }

    /**
     * A reader that falls behind must not lose or garble anything: with a receive bound, jeromq would hand the reader
     * the still-encrypted frame of the message that met the full queue (with a bound of 1,000, message 1000 arrives as
     * garbage).
     */
    @Test
    void aReaderThatFallsBehindStillGetsEveryMessageIntactAndInOrder() throws InterruptedException {
        int total = 20_000;
        ZMQ.Socket worker = client(TestPlane.worker(), TestPlane.ACTIONER.publicKey());
        worker.setSndHWM(0);
        AtomicInteger sent = new AtomicInteger();
        Thread sender = Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < total; i++) {
                worker.send("message-" + i);
                sent.incrementAndGet();
            }
        });
        // the reader starts only once the sender is far ahead of it
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= 5_000);

        List<String> received = new ArrayList<>(total);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < total && System.nanoTime() < deadline) {
            byte[] message = results.recv();
            if (message != null) {
                received.add(new String(message, StandardCharsets.UTF_8));
            }
        }
        sender.join(10_000);
        assertThat(received).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(received.get(i)).as("message %d", i).isEqualTo("message-" + i);
        }
    }

    @Test
    void anOversizedMessageIsDroppedAndTheSocketKeepsServing() {
        ZMQ.Socket worker = client(TestPlane.worker(), TestPlane.ACTIONER.publicKey());
        byte[] huge = new byte[64 * 1024 + 1];
        Arrays.fill(huge, (byte) 'x');
        worker.send(huge);
        assertThat(receiveWithin(Duration.ofSeconds(2))).isNull();

        ZMQ.Socket next = client(TestPlane.worker(), TestPlane.ACTIONER.publicKey());
        next.send("small");
        assertThat(receiveWithin(Duration.ofSeconds(10)))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("small");
    }
}
