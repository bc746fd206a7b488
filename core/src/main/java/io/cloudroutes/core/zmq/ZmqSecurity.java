package io.cloudroutes.core.zmq;

import io.cloudroutes.core.config.Env;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How one process secures its ZeroMQ sockets: its own CURVE key pair, the public keys of the servers it connects to
 * (broker, actioner), the public keys of the clients it admits (controls on the broker's frontend, workers on the
 * broker's backend and on the actioner's results socket), and the largest message any socket accepts.
 *
 * @param keyPair           this process's key pair, from CLOUDROUTES_ZMQ_SECRET_KEY
 * @param brokerPublicKey   the broker's public key (controls and workers), or null
 * @param resultsPublicKey  the actioners' public key (workers), or null
 * @param controlPublicKeys controls the broker takes jobs from
 * @param workerPublicKeys  workers the broker hands jobs to and the actioner takes results from
 * @param maxMessageBytes   a larger message closes the connection it came on
 */
public record ZmqSecurity(
        CurveKeyPair keyPair,
        String brokerPublicKey,
        String resultsPublicKey,
        Set<String> controlPublicKeys,
        Set<String> workerPublicKeys,
        long maxMessageBytes) {

    public static final String SECRET_KEY = "CLOUDROUTES_ZMQ_SECRET_KEY";
    public static final String BROKER_PUBLIC_KEY = "CLOUDROUTES_ZMQ_BROKER_PUBLIC_KEY";
    public static final String RESULTS_PUBLIC_KEY = "CLOUDROUTES_ZMQ_RESULTS_PUBLIC_KEY";
    public static final String CONTROL_PUBLIC_KEYS = "CLOUDROUTES_ZMQ_CONTROL_PUBLIC_KEYS";
    public static final String WORKER_PUBLIC_KEYS = "CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEYS";
    public static final String MAX_MESSAGE_BYTES = "CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES";
    /** Jobs and results are a few kilobytes; a megabyte leaves room for the largest settings a monitor may have. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    /** The smallest {@value #MAX_MESSAGE_BYTES} a process accepts. */
    public static final int MIN_MAX_MESSAGE_BYTES = 4096;
    /** The largest {@value #MAX_MESSAGE_BYTES} a process accepts. */
    public static final int MAX_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

    public ZmqSecurity {
        controlPublicKeys = Set.copyOf(controlPublicKeys);
        workerPublicKeys = Set.copyOf(workerPublicKeys);
    }

    /**
     * Reads CLOUDROUTES_ZMQ_SECRET_KEY (required), CLOUDROUTES_ZMQ_BROKER_PUBLIC_KEY, CLOUDROUTES_ZMQ_RESULTS_PUBLIC_KEY,
     * CLOUDROUTES_ZMQ_CONTROL_PUBLIC_KEYS and CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEYS (comma-separated) and
     * CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES (1048576).
     */
    public static ZmqSecurity fromEnv(Env env) {
        return of(
                env.get(SECRET_KEY, null),
                env.get(BROKER_PUBLIC_KEY, null),
                env.get(RESULTS_PUBLIC_KEY, null),
                env.get(CONTROL_PUBLIC_KEYS, null),
                env.get(WORKER_PUBLIC_KEYS, null),
                env.getInt(MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, MIN_MAX_MESSAGE_BYTES, MAX_MAX_MESSAGE_BYTES));
    }

    /**
     * The settings as given (null or blank: not set), as {@link #fromEnv} reads them and crbridge's Spring properties
     * bind them; a malformed key or a size out of range stops the process with the setting's name.
     */
    public static ZmqSecurity of(
            String secretKey,
            String brokerPublicKey,
            String resultsPublicKey,
            String controlPublicKeys,
            String workerPublicKeys,
            long maxMessageBytes) {
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalStateException(SECRET_KEY + " is required: every process of the plane (broker, control, "
                    + "worker, crbridge) encrypts and authenticates its ZeroMQ connections with its own CURVE key pair; "
                    + "infra/generate-secrets.sh makes them (see docs/configuration.md)");
        }
        Env.requireBetween(MAX_MESSAGE_BYTES, maxMessageBytes, MIN_MAX_MESSAGE_BYTES, MAX_MAX_MESSAGE_BYTES);
        return new ZmqSecurity(
                CurveKeyPair.fromSecretKey(secretKey, SECRET_KEY),
                publicKey(brokerPublicKey, BROKER_PUBLIC_KEY),
                publicKey(resultsPublicKey, RESULTS_PUBLIC_KEY),
                publicKeys(controlPublicKeys, CONTROL_PUBLIC_KEYS),
                publicKeys(workerPublicKeys, WORKER_PUBLIC_KEYS),
                maxMessageBytes);
    }

    /** The broker's public key, which a process that connects to the broker cannot do without. */
    public String requireBrokerPublicKey() {
        return require(brokerPublicKey, BROKER_PUBLIC_KEY, "the broker's public key");
    }

    /** The actioners' public key, which a worker cannot push results without. */
    public String requireResultsPublicKey() {
        return require(resultsPublicKey, RESULTS_PUBLIC_KEY, "the public key of the actioners (crbridge)");
    }

    private static String require(String key, String setting, String what) {
        if (key == null) {
            throw new IllegalStateException(setting + " is required: " + what + ", so that this process talks to "
                    + "nobody else (see docs/configuration.md)");
        }
        return key;
    }

    private static String publicKey(String value, String setting) {
        return value == null || value.isBlank()
                ? null
                : java.util.HexFormat.of().formatHex(CurveKeyPair.decode(value, setting));
    }

    private static Set<String> publicKeys(String value, String setting) {
        Set<String> keys = new LinkedHashSet<>();
        if (value != null) {
            Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(key -> !key.isEmpty())
                    .forEach(key -> keys.add(publicKey(key, setting)));
        }
        return keys;
    }
}
