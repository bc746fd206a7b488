package io.cloudroutes.standalone;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.zmq.CurveKeyPair;
import io.cloudroutes.core.zmq.ZmqSecurity;
import java.util.Map;

/**
 * The CURVE keys of the standalone's in-process plane (broker, control, worker, actioner), made afresh at each start:
 * its sockets live on loopback ports picked at start and nothing outside the JVM ever needs the keys, so none is
 * written to disk. The plane is encrypted and authenticated exactly as when the processes run apart.
 */
record InternalPlane(CurveKeyPair broker, CurveKeyPair actioner, CurveKeyPair control, CurveKeyPair worker) {

    static InternalPlane generate() {
        return new InternalPlane(
                CurveKeyPair.generate(), CurveKeyPair.generate(), CurveKeyPair.generate(), CurveKeyPair.generate());
    }

    /** {@code env} with the plane's keys as the process holding {@code own} is given them. */
    Env envFor(Env env, CurveKeyPair own) {
        return env.overriddenBy(Map.of(
                ZmqSecurity.SECRET_KEY, own.secretKey(),
                ZmqSecurity.BROKER_PUBLIC_KEY, broker.publicKey(),
                ZmqSecurity.RESULTS_PUBLIC_KEY, actioner.publicKey(),
                ZmqSecurity.CONTROL_PUBLIC_KEYS, control.publicKey(),
                ZmqSecurity.WORKER_PUBLIC_KEYS, worker.publicKey()));
    }

    /** The actioner's settings, as crbridge's properties. */
    Map<String, String> actionerProperties() {
        return Map.of(
                "cloudroutes.zmq.secret-key",
                actioner.secretKey(),
                "cloudroutes.zmq.worker-public-keys",
                worker.publicKey());
    }
}
