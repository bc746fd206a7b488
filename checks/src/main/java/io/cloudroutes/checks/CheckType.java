package io.cloudroutes.checks;

import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import java.util.Map;

/**
 * A kind of check (http, tcp, …): declares its settings and validates them. A type is either {@link PolledCheckType
 * polled} (workers run its checks on a schedule) or {@link PushedCheckType pushed} (its results come from outside:
 * webhooks, heartbeat pings); nothing else. Implementations are listed in
 * {@code META-INF/services/io.cloudroutes.checks.CheckType}.
 */
public sealed interface CheckType extends PluginType permits PolledCheckType, PushedCheckType {

    /**
     * Whether this type's results are pushed to CloudRoutes from outside (webhooks, heartbeat pings) instead of being
     * observed by workers. Monitors of a pushed type are never scheduled, and a single pushed result decides their
     * status by default (failure threshold 1), because the sender already made the decision.
     */
    default boolean pushed() {
        return this instanceof PushedCheckType;
    }

    /**
     * What a monitor with these settings checks, in a few words for lists and pages, e.g. {@code GET
     * https://shop.example.com/health} or {@code db.example.com:5432}. {@code settings} are the stored ones (defaults
     * filled in, secrets sealed): the text never contains a secret, such as a password or the user part of a URL.
     * Empty when the type cannot say.
     */
    default String target(Map<String, String> settings) {
        return "";
    }

    /** Pushed types are listed together after the types that workers check, unless a type names its own group. */
    @Override
    default PluginGroup group() {
        return pushed() ? CheckGroups.PUSHED : PluginGroup.OTHER;
    }

    /**
     * A new instance of every check type on the class path. A process makes one, once, and closes it when it stops
     * (crweb's and crbridge's {@code PluginsConfiguration}, the worker); the caller owns it.
     */
    static PluginRegistry<CheckType> registry() {
        return PluginRegistry.load(CheckType.class);
    }
}
