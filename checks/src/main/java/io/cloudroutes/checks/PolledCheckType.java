package io.cloudroutes.checks;

import java.util.Map;

/** A check type whose checks workers run on a schedule, from every zone the monitor names: http, tcp, dns, …. */
public non-sealed interface PolledCheckType extends CheckType {

    /**
     * A check for these settings; they have passed {@link #validate} and had defaults filled in. Every connection the
     * check makes goes through the egress guard of {@code services}.
     */
    Check create(Map<String, String> settings, CheckServices services);
}
