package io.cloudroutes.crweb.push;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.PluginRegistry;

/** What messages about pushed monitors say of a check type: its human name, and whether its results are pushed. */
public final class PushedTypes {

    private static final PluginRegistry<CheckType> TYPES = CheckType.registry();

    private PushedTypes() {}

    /** The type's human name in quotes, e.g. {@code 'Datadog monitor (webhook)'}; its id when it is not installed. */
    public static String quotedName(String typeId) {
        return "'" + TYPES.find(typeId).map(CheckType::name).orElse(typeId) + "'";
    }

    /** Whether monitors of the type get their results from webhooks or pings instead of workers. */
    public static boolean pushed(String typeId) {
        return TYPES.find(typeId).map(CheckType::pushed).orElse(false);
    }
}
