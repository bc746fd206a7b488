package io.cloudroutes.checks;

import io.cloudroutes.core.egress.Egress;

/**
 * What the hosting process lends to checks. Every connection a check makes for a tenant goes through {@link #egress()}:
 * a check never opens a socket or looks a name up by itself.
 */
public interface CheckServices {

    /** The egress guard: resolves once, refuses what the operator's policy refuses, connects to what it checked. */
    Egress egress();

    /**
     * The bytes of response bodies this process's checks may keep at once; a check that keeps a body reserves it here
     * first. Unbounded unless the process sets one (a worker does: CLOUDROUTES_WORKER_BODY_BUDGET_BYTES).
     */
    default BodyBudget bodyBudget() {
        return BodyBudget.UNBOUNDED;
    }

    /** Services that lend this guard, without a bound on kept bodies. */
    static CheckServices of(Egress egress) {
        return () -> egress;
    }

    /** Services that lend this guard and this budget for kept bodies. */
    static CheckServices of(Egress egress, BodyBudget bodyBudget) {
        return new CheckServices() {
            @Override
            public Egress egress() {
                return egress;
            }

            @Override
            public BodyBudget bodyBudget() {
                return bodyBudget;
            }
        };
    }
}
