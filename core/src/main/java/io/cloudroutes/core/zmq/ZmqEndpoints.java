package io.cloudroutes.core.zmq;

import io.cloudroutes.core.config.Env;

/**
 * Where the ZeroMQ sockets of the pipeline live.
 *
 * @param brokerFrontend controls PUSH check jobs here; the broker binds a PULL socket
 * @param brokerBackend  workers connect DEALER sockets here; the broker binds a ROUTER socket
 * @param results        workers send check results here (DEALER); each actioner binds a ROUTER socket. A worker's
 *                       setting may list several actioners, separated by commas (see {@link ResultProtocol#endpoints})
 */
public record ZmqEndpoints(String brokerFrontend, String brokerBackend, String results) {

    public static final String DEFAULT_BROKER_FRONTEND = "tcp://127.0.0.1:5555";
    public static final String DEFAULT_BROKER_BACKEND = "tcp://127.0.0.1:5556";
    public static final String DEFAULT_RESULTS = "tcp://127.0.0.1:5557";

    /** Reads CLOUDROUTES_BROKER_FRONTEND, CLOUDROUTES_BROKER_BACKEND and CLOUDROUTES_RESULTS_ENDPOINT. */
    public static ZmqEndpoints fromEnv(Env env) {
        return new ZmqEndpoints(
                env.get("CLOUDROUTES_BROKER_FRONTEND", DEFAULT_BROKER_FRONTEND),
                env.get("CLOUDROUTES_BROKER_BACKEND", DEFAULT_BROKER_BACKEND),
                env.get("CLOUDROUTES_RESULTS_ENDPOINT", DEFAULT_RESULTS));
    }

    /**
     * The address a binding process listens on: the endpoint itself, so a loopback endpoint stays on loopback.
     * Set the matching {@code *_BIND} variable (e.g. {@code tcp://*:5555}) to listen on every interface.
     */
    public static String bindAddress(Env env, String bindVariable, String endpoint) {
        return env.get(bindVariable, endpoint);
    }
}
