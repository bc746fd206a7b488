package io.cloudroutes.crweb.push;

import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.plugin.PluginRegistry;
import org.springframework.stereotype.Component;

/** What messages about pushed monitors say of a check type: its human name, and whether its results are pushed. */
@Component
public final class PushedTypes {

    private final PluginRegistry<CheckType> types;

    PushedTypes(PluginRegistry<CheckType> types) {
        this.types = types;
    }

    /** The type's human name in quotes, e.g. {@code 'Datadog monitor (webhook)'}; its id when it is not installed. */
    public String quotedName(String typeId) {
        return "'" + types.find(typeId).map(CheckType::name).orElse(typeId) + "'";
    }

    /** Whether monitors of the type get their results from webhooks or pings instead of workers. */
    public boolean pushed(String typeId) {
        return types.find(typeId).map(CheckType::pushed).orElse(false);
    }
}
