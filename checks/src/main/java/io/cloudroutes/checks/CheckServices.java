package io.cloudroutes.checks;

import io.cloudroutes.core.egress.Egress;

/**
 * What the hosting process lends to checks. Every connection a check makes for a tenant goes through {@link #egress()}:
 * a check never opens a socket or looks a name up by itself.
 */
public interface CheckServices {

    /** The egress guard: resolves once, refuses what the operator's policy refuses, connects to what it checked. */
    Egress egress();

    /** Services that lend this guard. */
    static CheckServices of(Egress egress) {
        return () -> egress;
    }
}
