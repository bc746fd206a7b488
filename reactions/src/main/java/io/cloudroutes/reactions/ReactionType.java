package io.cloudroutes.reactions;

import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import java.util.Map;

/**
 * A kind of reaction (email, webhook, …): declares its settings, validates them and creates {@link Reaction}s.
 * Implementations are listed in {@code META-INF/services/io.cloudroutes.reactions.ReactionType}.
 */
public interface ReactionType extends PluginType {

    /** A reaction for these settings; they have passed {@link #validate} and had defaults filled in. */
    Reaction create(Map<String, String> settings, ReactionServices services);

    /** Every reaction type on the class path. */
    static PluginRegistry<ReactionType> registry() {
        return PluginRegistry.load(ReactionType.class);
    }
}
