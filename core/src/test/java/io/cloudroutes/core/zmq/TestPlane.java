package io.cloudroutes.core.zmq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * CURVE keys for tests, one pair per role as a deployment has them: the broker's, the actioners', a control's and a
 * worker's, and the settings each process is given.
 */
public final class TestPlane {

    public static final CurveKeyPair BROKER = CurveKeyPair.generate();
    public static final CurveKeyPair ACTIONER = CurveKeyPair.generate();
    public static final CurveKeyPair CONTROL = CurveKeyPair.generate();
    public static final CurveKeyPair WORKER = CurveKeyPair.generate();

    private TestPlane() {}

    public static ZmqSecurity broker() {
        return new ZmqSecurity(
                BROKER,
                null,
                null,
                Set.of(CONTROL.publicKey()),
                Set.of(WORKER.publicKey()),
                ZmqSecurity.DEFAULT_MAX_MESSAGE_BYTES);
    }

    public static ZmqSecurity actioner() {
        return new ZmqSecurity(
                ACTIONER, null, null, Set.of(), Set.of(WORKER.publicKey()), ZmqSecurity.DEFAULT_MAX_MESSAGE_BYTES);
    }

    public static ZmqSecurity control() {
        return new ZmqSecurity(
                CONTROL, BROKER.publicKey(), null, Set.of(), Set.of(), ZmqSecurity.DEFAULT_MAX_MESSAGE_BYTES);
    }

    public static ZmqSecurity worker() {
        return new ZmqSecurity(
                WORKER,
                BROKER.publicKey(),
                ACTIONER.publicKey(),
                Set.of(),
                Set.of(),
                ZmqSecurity.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** A peer that knows the servers' public keys (they are not secret) but holds a key nobody admits. */
    public static ZmqSecurity stranger() {
        return new ZmqSecurity(
                CurveKeyPair.generate(),
                BROKER.publicKey(),
                ACTIONER.publicKey(),
                Set.of(),
                Set.of(),
                ZmqSecurity.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** The environment of a process in the given role, as a deployment sets it. */
    public static Map<String, String> env(CurveKeyPair own) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ZmqSecurity.SECRET_KEY, own.secretKey());
        env.put(ZmqSecurity.BROKER_PUBLIC_KEY, BROKER.publicKey());
        env.put(ZmqSecurity.RESULTS_PUBLIC_KEY, ACTIONER.publicKey());
        env.put(ZmqSecurity.CONTROL_PUBLIC_KEYS, CONTROL.publicKey());
        env.put(ZmqSecurity.WORKER_PUBLIC_KEYS, WORKER.publicKey());
        return env;
    }

    /** The same as Spring properties for crbridge (the actioner). */
    public static Map<String, String> actionerProperties() {
        return Map.of(
                "cloudroutes.zmq.secret-key",
                ACTIONER.secretKey(),
                "cloudroutes.zmq.worker-public-keys",
                WORKER.publicKey());
    }
}
