package io.cloudroutes.control;

import io.cloudroutes.core.zmq.PlaneSockets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A control's PUSH socket to one broker, and whether its connection is up (from the socket's own events), for metrics
 * and logs. The socket queues jobs only on a connection that is up ({@code ZMQ_IMMEDIATE}) and at most
 * {@link #SEND_HIGH_WATER_MARK} of them, so a send to a broker that is down fails at once and the control offers the
 * job to the next broker, and a broker that dies takes at most those few jobs (and what it held) with it.
 */
final class BrokerConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    /** Jobs waiting in the socket for one broker (a claim batch): a frozen broker is skipped once it has this many. */
    static final int SEND_HIGH_WATER_MARK = 500;

    private final String endpoint;
    private final ZMQ.Socket socket;
    private final Thread watcher;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean open = true;

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
        String events = "inproc://cloudroutes-control-broker-" + UUID.randomUUID();
        socket.monitor(events, ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.EVENT_DISCONNECTED | ZMQ.EVENT_CLOSED);
        watcher = Thread.ofPlatform().daemon().name("control-broker-" + endpoint).start(() -> watch(context, events));
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

    /** Hands the job to this broker's connection without waiting; false when it is down or full. */
    boolean offer(byte[] job) {
        if (socket.send(job, ZMQ.DONTWAIT)) {
            sent.incrementAndGet();
            return true;
        }
        return false;
    }

    private void watch(ZContext context, String events) {
        ZMQ.Socket pair = context.createSocket(SocketType.PAIR);
        try {
            pair.setReceiveTimeOut(200);
            pair.connect(events);
            while (open) {
                ZMQ.Event event = ZMQ.Event.recv(pair);
                if (event == null) {
                    continue;
                }
                boolean up = event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL;
                if (up != connected && open) {
                    connected = up;
                    if (up) {
                        log.info("broker connected broker={}", endpoint);
                    } else {
                        log.warn("broker disconnected, its jobs go to the other brokers broker={}", endpoint);
                    }
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            // the context is closing
        } finally {
            try {
                context.destroySocket(pair);
            } catch (RuntimeException e) {
                // closed with its context
            }
        }
    }

    @Override
    public void close() {
        open = false;
        connected = false;
        try {
            watcher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
