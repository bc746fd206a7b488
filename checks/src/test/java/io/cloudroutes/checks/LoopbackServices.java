package io.cloudroutes.checks;

import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;

/**
 * Services for tests whose servers listen on loopback: the production egress guard with loopback allowed, as an
 * operator allows it with {@code CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8,::1/128}.
 */
public final class LoopbackServices {

    /** Loopback allowed, everything else as the default policy says. */
    public static final CheckServices ALLOWED =
            CheckServices.of(Egress.of(EgressPolicy.allowing("127.0.0.0/8,::1/128", EgressPolicy.ALLOW_VARIABLE)));

    private LoopbackServices() {}
}
