package io.cloudroutes.control;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.config.RedisUrl;
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
 * @param pollInterval   the longest time between two claims (a control claims when the next monitor is due)
 * @param security       the control's CURVE key pair and the broker's public key
 * @param maxResultsBacklog how long the oldest result no actioner has read may wait before the control holds checks
 *                       back (claims nothing until the actioners catch up); zero never holds them
 */
public record ControlConfig(
        String redisUrl,
        String brokerFrontend,
        int batchSize,
        Duration pollInterval,
        ZmqSecurity security,
        Duration maxResultsBacklog) {

    /** The default of {@code CLOUDROUTES_CONTROL_MAX_RESULTS_BACKLOG_MILLIS}. */
    static final Duration DEFAULT_MAX_RESULTS_BACKLOG = Duration.ofSeconds(1);

    public ControlConfig {
        redisUrl = RedisUrl.check(redisUrl);
        ZmqEndpoints.requireList(brokerFrontend, ZmqEndpoints.BROKER_FRONTEND);
        if (maxResultsBacklog.isNegative()) {
            throw new IllegalArgumentException("the results backlog limit cannot be negative: " + maxResultsBacklog);
        }
    }

    /** A control that holds checks back once results wait {@link #DEFAULT_MAX_RESULTS_BACKLOG} to be folded. */
    public ControlConfig(
            String redisUrl, String brokerFrontend, int batchSize, Duration pollInterval, ZmqSecurity security) {
        this(redisUrl, brokerFrontend, batchSize, pollInterval, security, DEFAULT_MAX_RESULTS_BACKLOG);
    }

    /** The brokers' endpoints, each of which the control pushes jobs to. */
    public List<String> brokerFrontends() {
        return ZmqEndpoints.list(brokerFrontend);
    }

    /**
     * CLOUDROUTES_REDIS_URL (redis://localhost:6379, checked as crweb and crbridge check it: {@link RedisUrl}),
     * CLOUDROUTES_BROKER_FRONTEND (one broker or several,
     * comma-separated), CLOUDROUTES_CONTROL_BATCH_SIZE
     * (500), CLOUDROUTES_CONTROL_POLL_MILLIS (200), CLOUDROUTES_CONTROL_MAX_RESULTS_BACKLOG_MILLIS (1000; 0 never holds
     * checks back), and the CLOUDROUTES_ZMQ_* keys (see {@link ZmqSecurity#fromEnv}).
     */
    public static ControlConfig fromEnv(Env env) {
        return new ControlConfig(
                RedisUrl.fromEnv(env),
                ZmqEndpoints.fromEnv(env).brokerFrontend(),
                env.getInt("CLOUDROUTES_CONTROL_BATCH_SIZE", 500, 1, 100_000),
                Duration.ofMillis(env.getInt("CLOUDROUTES_CONTROL_POLL_MILLIS", 200, 10, 60_000)),
                ZmqSecurity.fromEnv(env),
                Duration.ofMillis(env.getInt(
                        "CLOUDROUTES_CONTROL_MAX_RESULTS_BACKLOG_MILLIS",
                        (int) DEFAULT_MAX_RESULTS_BACKLOG.toMillis(),
                        0,
                        3_600_000)));
    }
}
