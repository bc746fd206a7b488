package io.cloudroutes.core.zmq;

import java.time.Duration;
import java.util.List;

/**
 * Frames spoken between workers' DEALER sockets and the actioners' ROUTER results sockets: acknowledged delivery, so
 * that a result survives the actioner that was receiving it.
 *
 * <p>Worker to actioner: {@code [CheckResult JSON]}. Actioner to worker: {@code [ACK, resultId]} once the result is in
 * the durable results stream that every actioner folds from. A worker keeps each result until it is acknowledged and
 * sends it again after {@link #RESEND_AFTER}; its DEALER socket spreads results over every actioner it is connected
 * to, so a result resent reaches one that is alive. The actioners' de-duplication by result id folds a result sent
 * twice once.
 */
public final class ResultProtocol {

    public static final String ACK = "ACK";
    /** How long a worker waits for an acknowledgement before sending a result again. */
    public static final Duration RESEND_AFTER = Duration.ofSeconds(5);

    private ResultProtocol() {}

    /**
     * The actioners' endpoints in a CLOUDROUTES_RESULTS_ENDPOINT value: one ({@code tcp://crbridge:5557}) or several
     * separated by commas ({@code tcp://crbridge-a:5557,tcp://crbridge-b:5557}).
     */
    public static List<String> endpoints(String setting) {
        return ZmqEndpoints.list(setting);
    }
}
