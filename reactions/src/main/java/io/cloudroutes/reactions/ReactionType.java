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

    /**
     * Whether this type undoes on recovery what it did on failure (DNS failover back, a drained server back to ready,
     * an incident resolved). Its reactions act by the direction of the change they get ({@code change.to()}): the
     * actioner runs a reaction of such a type that acted on FAILED once more when the monitor is HEALTHY again, so a
     * failover is always followed by its restore, whatever the reaction's trigger and frequency.
     */
    default boolean restoresOnRecovery() {
        return false;
    }

    /** Every reaction type on the class path. */
    static PluginRegistry<ReactionType> registry() {
        return PluginRegistry.load(ReactionType.class);
    }
}
