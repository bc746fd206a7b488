package io.cloudroutes.control;

import io.cloudroutes.core.zmq.JobBatch;
import io.cloudroutes.core.zmq.PlaneSockets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A control's PUSH socket to one broker, and whether its connection is up (from the socket's own events), for metrics
 * and logs. Jobs go in batches ({@link JobBatch}) of up to {@link JobBatch#MOST_JOBS}. The socket queues messages only
 * on a connection that is up ({@code ZMQ_IMMEDIATE}) and at most {@link #SEND_HIGH_WATER_MARK} of them, so a send to a
 * broker that is down fails at once and the control offers the batch to the next broker, and a broker that dies takes
 * at most those few batches (and what it held) with it. The socket closes with the control's context.
 */
final class BrokerConnection {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    /**
     * Messages waiting in the socket for one broker, so at most {@code 10 × 50} jobs (a claim batch): a frozen broker
     * is skipped once it has this many.
     */
    static final int SEND_HIGH_WATER_MARK = 10;

    private final String endpoint;
    private final ZMQ.Socket socket;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean connected;

    BrokerConnection(ZContext context, PlaneSockets plane, String brokerPublicKey, String endpoint) {
        this.endpoint = endpoint;
        socket = context.createSocket(SocketType.PUSH);
        socket.setLinger(0);
        plane.connectTo(socket, brokerPublicKey);
        socket.setSndHWM(SEND_HIGH_WATER_MARK);
        // ZMQ_IMMEDIATE as libzmq means it (a pipe only for a connection that is up). jeromq 0.5.4 maps the option
        // the other way round: its setImmediate(true) attaches a pipe at once, so false is what gives that behaviour.
        socket.setImmediate(false);
        // a broker that stops answering (frozen, cut off) is dropped within seconds, with the jobs queued for it
        socket.setHeartbeatIvl(1_000);
        socket.setHeartbeatTimeout(3_000);
        plane.watch(
                socket,
                "control-broker-" + endpoint,
                ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.EVENT_DISCONNECTED,
                event -> connected(event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL));
        socket.connect(endpoint);
    }

    String endpoint() {
        return endpoint;
    }

    boolean connected() {
        return connected;
    }

    long sent() {
        return sent.get();
    }

    /** Registers this connection with {@code poller} to learn when it has room for jobs again (POLLOUT). */
    void watchForRoom(ZMQ.Poller poller) {
        poller.register(socket, ZMQ.Poller.POLLOUT);
    }

    /** Hands a message of {@code jobs} jobs to this broker's connection without waiting; false when it is down or full. */
    boolean offer(byte[] message, int jobs) {
        if (socket.send(message, ZMQ.DONTWAIT)) {
            sent.addAndGet(jobs);
            return true;
        }
        return false;
    }

    private void connected(boolean up) {
        if (up == connected) {
            return;
        }
        connected = up;
        if (up) {
            log.info("broker connected broker={}", endpoint);
        } else {
            log.warn("broker disconnected, its jobs go to the other brokers broker={}", endpoint);
        }
    }
}
