package io.cloudroutes.worker;

import io.cloudroutes.checks.BodyBudget;
import io.cloudroutes.core.ZoneNames;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.zmq.ResultProtocol;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import io.cloudroutes.core.zmq.ZmqSecurity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Settings of a worker.
 *
 * @param brokerBackend   the brokers' worker endpoints, one or several separated by commas (a DEALER connects to each)
 * @param resultsEndpoint the actioners' results endpoints, one or several separated by commas (a DEALER connects to each)
 * @param zone            the vantage point this worker checks from
 * @param capacity        checks run at once at most
 * @param workerId        name in logs and in each result's source
 * @param canaryUrl       a URL this zone must reach for its results to vote (null: always votes)
 * @param secretKey       the key that opens monitors' secret settings (null: monitors with secrets fail, saying so)
 * @param security        the worker's CURVE key pair and the broker's and actioners' public keys
 * @param resultsBuffer   results kept until an actioner acknowledges them; past it the oldest are dropped (counted)
 * @param bodyBudgetBytes the bytes of response bodies (and their text) all checks together keep at once
 */
public record WorkerConfig(
        String brokerBackend,
        String resultsEndpoint,
        String zone,
        int capacity,
        String workerId,
        String canaryUrl,
        String secretKey,
        ZmqSecurity security,
        int resultsBuffer,
        int bodyBudgetBytes) {

    public static final int DEFAULT_RESULTS_BUFFER = 10_000;

    static final String ZONE = "CLOUDROUTES_ZONE";

    static final String BODY_BUDGET_SETTING = "CLOUDROUTES_WORKER_BODY_BUDGET_BYTES";

    /**
     * 32 MiB: ten pages of 1 MiB kept at once, or hundreds of small ones; with the rest of a worker this fits a 128 MB
     * heap at the default capacity of 200 (docs/operations.md, sizing a worker).
     */
    public static final int DEFAULT_BODY_BUDGET_BYTES = 32 * 1024 * 1024;

    public WorkerConfig {
        ZoneNames.require(zone, ZONE);
        ZmqEndpoints.requireList(brokerBackend, ZmqEndpoints.BROKER_BACKEND);
        // the rule crbridge checks its CLOUDROUTES_RESULTS_ENDPOINT with
        ZmqEndpoints.requireList(resultsEndpoint, ZmqEndpoints.RESULTS);
        // a key that cannot open secrets stops the worker at start, as it stops crweb and crbridge
        SecretBox.fromOptionalBase64(secretKey);
        if (resultsBuffer < 1) {
            throw new IllegalStateException("CLOUDROUTES_WORKER_RESULTS_BUFFER must be at least 1");
        }
        if (bodyBudgetBytes < BodyBudget.LARGEST_RESERVATION) {
            throw new IllegalStateException(BODY_BUDGET_SETTING + " must be at least " + BodyBudget.LARGEST_RESERVATION
                    + " (one page of 1 MiB and its text, the most one check keeps), but is " + bodyBudgetBytes);
        }
    }

    /** A worker whose checks keep up to {@value #DEFAULT_BODY_BUDGET_BYTES} bytes of pages at once. */
    public WorkerConfig(
            String brokerBackend,
            String resultsEndpoint,
            String zone,
            int capacity,
            String workerId,
            String canaryUrl,
            String secretKey,
            ZmqSecurity security,
            int resultsBuffer) {
        this(
                brokerBackend,
                resultsEndpoint,
                zone,
                capacity,
                workerId,
                canaryUrl,
                secretKey,
                security,
                resultsBuffer,
                DEFAULT_BODY_BUDGET_BYTES);
    }

    /** A worker that keeps up to {@value #DEFAULT_RESULTS_BUFFER} unacknowledged results. */
    public WorkerConfig(
            String brokerBackend,
            String resultsEndpoint,
            String zone,
            int capacity,
            String workerId,
            String canaryUrl,
            String secretKey,
            ZmqSecurity security) {
        this(
                brokerBackend,
                resultsEndpoint,
                zone,
                capacity,
                workerId,
                canaryUrl,
                secretKey,
                security,
                DEFAULT_RESULTS_BUFFER);
    }

    /** A worker with a canary and no key for secret settings. */
    public WorkerConfig(
            String brokerBackend,
            String resultsEndpoint,
            String zone,
            int capacity,
            String workerId,
            String canaryUrl,
            ZmqSecurity security) {
        this(brokerBackend, resultsEndpoint, zone, capacity, workerId, canaryUrl, null, security);
    }

    /** A worker without a canary: its results always vote. */
    public WorkerConfig(
            String brokerBackend,
            String resultsEndpoint,
            String zone,
            int capacity,
            String workerId,
            ZmqSecurity security) {
        this(brokerBackend, resultsEndpoint, zone, capacity, workerId, null, null, security);
    }

    /** The brokers' endpoints, each of which the worker connects to. */
    public List<String> brokerBackends() {
        return ZmqEndpoints.list(brokerBackend);
    }

    /** The actioners' endpoints, each of which the worker connects to. */
    public List<String> resultsEndpoints() {
        return ResultProtocol.endpoints(resultsEndpoint);
    }

    /**
     * CLOUDROUTES_BROKER_BACKEND (one broker or several, comma-separated), CLOUDROUTES_RESULTS_ENDPOINT (one actioner or several, comma-separated),
     * CLOUDROUTES_ZONE (default), CLOUDROUTES_WORKER_CAPACITY (200), CLOUDROUTES_WORKER_ID (host name and process id),
     * CLOUDROUTES_CANARY_URL (none), CLOUDROUTES_SECRET_KEY (none), CLOUDROUTES_WORKER_RESULTS_BUFFER (10000),
     * CLOUDROUTES_WORKER_BODY_BUDGET_BYTES (33554432, 32 MiB), and the CLOUDROUTES_ZMQ_* keys (see {@link ZmqSecurity#fromEnv}).
     */
    public static WorkerConfig fromEnv(Env env) {
        ZmqEndpoints endpoints = ZmqEndpoints.fromEnv(env);
        return new WorkerConfig(
                endpoints.brokerBackend(),
                endpoints.results(),
                env.get(ZONE, "default"),
                env.getInt("CLOUDROUTES_WORKER_CAPACITY", 200, 1, 100_000),
                env.get(
                        "CLOUDROUTES_WORKER_ID",
                        hostName() + "-" + ProcessHandle.current().pid()),
                env.get("CLOUDROUTES_CANARY_URL", null),
                env.get(SecretBox.KEY_VARIABLE, null),
                ZmqSecurity.fromEnv(env),
                env.getInt("CLOUDROUTES_WORKER_RESULTS_BUFFER", DEFAULT_RESULTS_BUFFER, 1, 10_000_000),
                env.getInt(BODY_BUDGET_SETTING, DEFAULT_BODY_BUDGET_BYTES, 1, Integer.MAX_VALUE));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
