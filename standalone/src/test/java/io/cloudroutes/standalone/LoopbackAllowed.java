package io.cloudroutes.standalone;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.OwnEndpoint;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tests' targets listen on loopback: these tests allow it the documented way, with
 * {@code CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8}, which still keeps CloudRoutes' own endpoints refused.
 */
final class LoopbackAllowed {

    /** The environment with loopback allowed, as the command line's {@code --cloudroutes.egress.allow} gives it. */
    static final Env ENV = Env.system().overriddenBy(Map.of("CLOUDROUTES_EGRESS_ALLOW", "127.0.0.0/8"));

    private LoopbackAllowed() {}

    /** The egress guard of a worker with these broker (one or several) and results sockets, loopback allowed. */
    static Egress worker(String brokerBackend, String resultsEndpoint) {
        List<OwnEndpoint> own = new ArrayList<>();
        for (String broker : ZmqEndpoints.list(brokerBackend)) {
            own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own broker", broker));
        }
        own.addAll(OwnEndpoint.fromUrl("CloudRoutes' own results socket", resultsEndpoint));
        return Egress.fromEnv(ENV, own);
    }
}
