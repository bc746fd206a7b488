package io.cloudroutes.checks;

import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import java.util.Map;

/**
 * A kind of check (http, tcp, …): declares its settings, validates them and creates {@link Check}s.
 * Implementations are listed in {@code META-INF/services/io.cloudroutes.checks.CheckType}.
 */
public interface CheckType extends PluginType {

    /** A check for these settings; they have passed {@link #validate} and had defaults filled in. */
    Check create(Map<String, String> settings);

    /** Every check type on the class path. */
    static PluginRegistry<CheckType> registry() {
        return PluginRegistry.load(CheckType.class);
    }
}
