package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.net.LoopbackPorts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Guards the ZeroMQ library against a fault seen in jeromq 0.6.0: a freshly connected PUSH socket that accepts every
 * message and delivers none. Workers and controls connect this way, so such a connection would silently lose
 * results or stop all checks.
 */
class JeroMqConnectionTest {

    @Test
    void everyNewPushConnectionDeliversToALongLivedPull() {
        String endpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        List<Integer> silentConnections = new ArrayList<>();
        try (ZContext bound = new ZContext()) {
            ZMQ.Socket pull = bound.createSocket(SocketType.PULL);
            pull.setReceiveTimeOut(50);
            pull.bind(endpoint);
            for (int connection = 0; connection < 40; connection++) {
                try (ZContext connecting = new ZContext()) {
                    ZMQ.Socket push = connecting.createSocket(SocketType.PUSH);
                    push.setLinger(0);
                    push.connect(endpoint);
                    if (!delivers(push, pull)) {
                        silentConnections.add(connection);
                    }
                }
            }
        }
        assertThat(silentConnections)
                .as("connections that delivered nothing within 3 s")
                .isEmpty();
    }

    /** Sends until one message arrives, for at most three seconds (bounded loop, no sleeping). */
    private static boolean delivers(ZMQ.Socket push, ZMQ.Socket pull) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            push.send("probe", ZMQ.DONTWAIT);
            if (pull.recv() != null) {
                while (pull.recv(ZMQ.DONTWAIT) != null) {
                    // drain the other probes of this connection
                }
                return true;
            }
        }
        return false;
    }
}
