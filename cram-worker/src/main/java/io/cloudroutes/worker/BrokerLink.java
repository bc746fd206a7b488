package io.cloudroutes.worker;

import io.cloudroutes.core.zmq.BrokerProtocol;
import io.cloudroutes.core.zmq.PlaneSockets;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A worker's connection to one broker: its DEALER socket, whether the broker answers, and the credits (jobs the worker
 * lets it send) the broker holds. Used by the worker thread only; the volatile fields are read by metrics and health.
 */
final class BrokerLink {

    private static final long SILENCE_MILLIS = BrokerProtocol.LIVENESS * BrokerProtocol.HEARTBEAT_INTERVAL.toMillis();

    private final String endpoint;
    private ZMQ.Socket socket;
    private long connectedAt;
    private long nextHeartbeat;
    private volatile long lastHeard;
    private volatile boolean live;
    /** Fell silent, and has not answered since: its share of the capacity goes to the others meanwhile. */
    private boolean down;

    private volatile int credits;

    BrokerLink(String endpoint) {
        this.endpoint = endpoint;
    }

    String endpoint() {
        return endpoint;
    }

    ZMQ.Socket socket() {
        return socket;
    }

    /** The broker answered since this connection was made, and not longer ago than its liveness allows. */
    boolean live() {
        return live;
    }

    /**
     * Counts for the even share of the capacity: it answers, or has not been silent yet (the worker has just started,
     * and gives it the time to answer before handing its share to the others).
     */
    boolean expected() {
        return live || !down;
    }

    /** Jobs the broker may still send on this connection. */
    int credits() {
        return credits;
    }

    long lastHeard() {
        return lastHeard;
    }

    /**
     * A fresh DEALER with a new identity (a restarted broker knows nothing of the old one), joining with no credits:
     * they come once the broker has answered.
     */
    void connect(ZContext context, PlaneSockets plane, String brokerPublicKey, String workerId, String zone, long now) {
        socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(500);
        socket.setReceiveTimeOut(0);
        socket.setIdentity(
                (workerId + "/" + UUID.randomUUID().toString().substring(0, 8)).getBytes(StandardCharsets.UTF_8));
        plane.connectTo(socket, brokerPublicKey);
        socket.connect(endpoint);
        socket.sendMore(BrokerProtocol.READY);
        socket.sendMore("0");
        socket.sendMore(zone);
        socket.send(BrokerProtocol.JOBS); // it reads batches of jobs
        connectedAt = now;
        nextHeartbeat = now + BrokerProtocol.HEARTBEAT_INTERVAL.toMillis();
        live = false;
        credits = 0;
    }

    /** Any message from the broker; returns true when it makes a silent broker live. */
    boolean heard(long now) {
        lastHeard = now;
        boolean answered = !live;
        live = true;
        down = false;
        return answered;
    }

    /** {@code n} jobs came on this connection: they used as many of the broker's credits. */
    void jobsReceived(int n) {
        credits -= n;
    }

    /** Grants the broker {@code n} more jobs. */
    void grant(int n) {
        credits += n;
        socket.sendMore(BrokerProtocol.CREDIT);
        socket.send(String.valueOf(n));
    }

    void heartbeatIfDue(long now) {
        if (now >= nextHeartbeat) {
            socket.send(BrokerProtocol.HEARTBEAT);
            nextHeartbeat = now + BrokerProtocol.HEARTBEAT_INTERVAL.toMillis();
        }
    }

    /** Nothing from the broker for {@link BrokerProtocol#LIVENESS} heartbeats since it last spoke or we connected. */
    boolean silent(long now) {
        return now - Math.max(lastHeard, connectedAt) > SILENCE_MILLIS;
    }

    /** Whether the broker spoke within its liveness, as health sees it from another thread. */
    boolean answeredRecently(long now) {
        return live && now - lastHeard <= SILENCE_MILLIS;
    }

    /** Closes the socket of a broker that fell silent; the credits it held are the worker's again. */
    void closeSilent(ZContext context) {
        down = true;
        close(context);
    }

    private void close(ZContext context) {
        context.destroySocket(socket);
        socket = null;
        live = false;
        credits = 0;
    }
}
