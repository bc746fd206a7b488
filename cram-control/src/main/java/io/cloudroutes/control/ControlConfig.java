package io.cloudroutes.control;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import io.cloudroutes.core.zmq.ZmqSecurity;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a control.
 *
 * @param redisUrl       the Redis that holds the schedule
 * @param brokerFrontend where jobs are pushed: one broker, or several separated by commas
 * @param batchSize      monitors claimed per poll at most
 * @param pollInterval   time between two claims
 * @param security       the control's CURVE key pair and the broker's public key
 */
public record ControlConfig(String redisUrl, String brokerFrontend, int batchSize, Duration pollInterval,
        ZmqSecurity security) {

    public ControlConfig {
        ZmqEndpoints.requireList(brokerFrontend, ZmqEndpoints.BROKER_FRONTEND);
    }

    /** The brokers' endpoints, each of which the control pushes jobs to. */
    public List<String> brokerFrontends() {
        return ZmqEndpoints.list(brokerFrontend);
    }

    /**
     * CLOUDROUTES_REDIS_URL (redis://localhost:6379), CLOUDROUTES_BROKER_FRONTEND (one broker or several,
     * comma-separated), CLOUDROUTES_CONTROL_BATCH_SIZE
     * (500), CLOUDROUTES_CONTROL_POLL_MILLIS (200), and the CLOUDROUTES_ZMQ_* keys (see {@link ZmqSecurity#fromEnv}).
     */
    public static ControlConfig fromEnv(Env env) {
        return new ControlConfig(
                env.get("CLOUDROUTES_REDIS_URL", "redis://localhost:6379"),
                ZmqEndpoints.fromEnv(env).brokerFrontend(),
                env.getInt("CLOUDROUTES_CONTROL_BATCH_SIZE", 500, 1, 100_000),
                Duration.ofMillis(env.getInt("CLOUDROUTES_CONTROL_POLL_MILLIS", 200, 10, 60_000)),
                ZmqSecurity.fromEnv(env));
    }
}
