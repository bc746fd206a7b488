package io.cloudroutes.worker;

import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import io.cloudroutes.core.zmq.ZmqSecurity;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Settings of a worker.
 *
 * @param brokerBackend   the broker's worker endpoint (DEALER connects)
 * @param resultsEndpoint the actioner's results endpoint (PUSH connects)
 * @param zone            the vantage point this worker checks from
 * @param capacity        checks run at once at most
 * @param workerId        name in logs and in each result's source
 * @param canaryUrl       a URL this zone must reach for its results to vote (null: always votes)
 * @param secretKey       the key that opens monitors' secret settings (null: monitors with secrets fail, saying so)
 * @param security        the worker's CURVE key pair and the broker's and actioners' public keys
 */
public record WorkerConfig(String brokerBackend, String resultsEndpoint, String zone, int capacity, String workerId,
        String canaryUrl, String secretKey, ZmqSecurity security) {

    public WorkerConfig {
        if (!ZoneNames.valid(zone)) {
            throw new IllegalStateException("CLOUDROUTES_ZONE must be a zone name (" + ZoneNames.RULE + "), but is '"
                    + zone + "'");
        }
    }

    /** A worker with a canary and no key for secret settings. */
    public WorkerConfig(String brokerBackend, String resultsEndpoint, String zone, int capacity, String workerId,
            String canaryUrl, ZmqSecurity security) {
        this(brokerBackend, resultsEndpoint, zone, capacity, workerId, canaryUrl, null, security);
    }

    /** A worker without a canary: its results always vote. */
    public WorkerConfig(String brokerBackend, String resultsEndpoint, String zone, int capacity, String workerId,
            ZmqSecurity security) {
        this(brokerBackend, resultsEndpoint, zone, capacity, workerId, null, null, security);
    }

    /**
     * CLOUDROUTES_BROKER_BACKEND, CLOUDROUTES_RESULTS_ENDPOINT, CLOUDROUTES_ZONE (default), CLOUDROUTES_WORKER_CAPACITY
     * (200), CLOUDROUTES_WORKER_ID (host name and process id), CLOUDROUTES_CANARY_URL (none), CLOUDROUTES_SECRET_KEY
     * (none), and the CLOUDROUTES_ZMQ_* keys (see {@link ZmqSecurity#fromEnv}).
     */
    public static WorkerConfig fromEnv(Env env) {
        ZmqEndpoints endpoints = ZmqEndpoints.fromEnv(env);
        return new WorkerConfig(
                endpoints.brokerBackend(),
                endpoints.results(),
                env.get("CLOUDROUTES_ZONE", "default"),
                env.getInt("CLOUDROUTES_WORKER_CAPACITY", 200, 1, 100_000),
                env.get("CLOUDROUTES_WORKER_ID", hostName() + "-" + ProcessHandle.current().pid()),
                env.get("CLOUDROUTES_CANARY_URL", null),
                env.get("CLOUDROUTES_SECRET_KEY", null),
                ZmqSecurity.fromEnv(env));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
