package io.cloudroutes.core.zmq;

import java.time.Duration;

/**
 * Frames spoken between the broker's ROUTER backend and workers' DEALER sockets.
 *
 * <p>Worker to broker: {@code [READY, credits, zone, JOBS]} on connect (the last frame says the worker reads batches
 * of jobs; a worker without it is sent one job per message), {@code [CREDIT, n]} to grant n more jobs,
 * {@code [HEARTBEAT]} every {@link #HEARTBEAT_INTERVAL}, {@code [BYE]} on shutdown.
 * Broker to worker: {@code [JOB, CheckJob JSON]} (one credit), {@code [JOBS, n, JobBatch]} (n jobs, n credits; to a
 * worker that said it reads them), and {@code [HEARTBEAT]}: at once in answer to READY, then every
 * {@link #HEARTBEAT_INTERVAL}. A broker never sends a worker more jobs than the credits it holds. Brokers and workers
 * of either version work together: a broker that does not know the READY frame's last part ignores it.
 *
 * <p>A worker talks to every broker over its own connection and splits its capacity between the brokers that answer:
 * it joins with {@code READY 0} and grants credits ({@code CREDIT}) only once the broker has answered, so a broker that
 * is down holds none of its capacity, and the credits a broker held when it fell silent go to the others. Jobs in
 * flight plus the credits all brokers hold never exceed the worker's capacity.
 * A peer silent for {@link #LIVENESS} heartbeats is considered dead: the broker stops sending it work,
 * a worker reconnects (with a new identity).
 */
public final class BrokerProtocol {

    public static final String READY = "READY";
    public static final String CREDIT = "CREDIT";
    public static final String HEARTBEAT = "HEARTBEAT";
    public static final String BYE = "BYE";
    public static final String JOB = "JOB";
    public static final String JOBS = "JOBS";
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final int LIVENESS = 3;

    private BrokerProtocol() {}

    /** A frame that carries a count (credits, capacity, jobs): 0 when it is missing or not a number, never below 0. */
    public static int count(String frame) {
        try {
            return frame == null ? 0 : Math.max(0, Integer.parseInt(frame.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
