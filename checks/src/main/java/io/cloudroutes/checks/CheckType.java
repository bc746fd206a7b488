package io.cloudroutes.checks;

import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import java.util.Map;

/**
 * A kind of check (http, tcp, …): declares its settings, validates them and creates {@link Check}s.
 * Implementations are listed in {@code META-INF/services/io.cloudroutes.checks.CheckType}.
 */
public interface CheckType extends PluginType {

    /**
     * A check for these settings; they have passed {@link #validate} and had defaults filled in. Not called for a
     * {@linkplain #pushed() pushed} type.
     */
    Check create(Map<String, String> settings);

    /**
     * Whether this type's results are pushed to CloudRoutes from outside (webhooks, heartbeat pings) instead of being
     * observed by workers. Monitors of a pushed type are never scheduled, and a single pushed result decides their
     * status by default (failure threshold 1), because the sender already made the decision.
     */
    default boolean pushed() {
        return false;
    }

    /** Every check type on the class path. */
    static PluginRegistry<CheckType> registry() {
        return PluginRegistry.load(CheckType.class);
    }
}
