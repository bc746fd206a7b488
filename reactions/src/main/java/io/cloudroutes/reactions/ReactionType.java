package io.cloudroutes.reactions;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import java.util.List;
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

    /**
     * Whether reactions of this type may run on both changes ({@code callOn BOTH}): a notification whose message says
     * which way the monitor went, so that whoever it told of a failure hears of the recovery too. A type that acts
     * (reboots, runs a command) runs on one direction; a type that {@link #restoresOnRecovery restores} already acts
     * on the recovery by itself.
     */
    default boolean notifiesBothWays() {
        return false;
    }

    /**
     * Whether each run sends an email, which counts against the account's emails per hour
     * ({@code CLOUDROUTES_QUOTA_EMAILS_PER_HOUR}): over it, the run sends nothing and says so.
     */
    default boolean sendsEmail() {
        return false;
    }

    /** The {@code callOn} values a reaction of this type accepts. */
    default List<CallOn> callOns() {
        return notifiesBothWays() ? List.of(CallOn.values()) : List.of(CallOn.FAILED, CallOn.HEALTHY);
    }

    /** Null when a reaction of this type may run on {@code callOn}; otherwise why not and what to choose instead. */
    default String callOnProblem(CallOn callOn) {
        if (callOns().contains(callOn)) {
            return null;
        }
        if (restoresOnRecovery()) {
            return "BOTH is for notifications; a '" + id() + "' reaction on FAILED already undoes what it did when the "
                    + "monitor recovers, so it would act twice on the recovery: choose FAILED";
        }
        return "BOTH is for notifications, whose message says which way the monitor went; a '" + id()
                + "' reaction does the same thing on every run: choose FAILED or HEALTHY";
    }

    /**
     * A new instance of every reaction type on the class path. A process makes one, once, and closes it when it stops
     * (crweb's and crbridge's {@code PluginsConfiguration}); the caller owns it.
     */
    static PluginRegistry<ReactionType> registry() {
        return PluginRegistry.load(ReactionType.class);
    }
}
