package io.cloudroutes.core.zmq;

import java.time.Duration;

/**
 * Frames spoken between the broker's ROUTER backend and workers' DEALER sockets.
 *
 * <p>Worker to broker: {@code [READY, capacity, zone]} on connect, {@code [CREDIT, n]} after finishing n jobs,
 * {@code [HEARTBEAT]} every {@link #HEARTBEAT_INTERVAL}, {@code [BYE]} on shutdown.
 * Broker to worker: {@code [JOB, CheckJob JSON]} and {@code [HEARTBEAT]}.
 * A peer silent for {@link #LIVENESS} heartbeats is considered dead: the broker stops sending it work,
 * a worker reconnects.
 */
public final class BrokerProtocol {

    public static final String READY = "READY";
    public static final String CREDIT = "CREDIT";
    public static final String HEARTBEAT = "HEARTBEAT";
    public static final String BYE = "BYE";
    public static final String JOB = "JOB";
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final int LIVENESS = 3;

    private BrokerProtocol() {
    }
}
