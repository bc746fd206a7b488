package io.cloudroutes.reactions;

import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.PluginType;
import io.cloudroutes.core.plugin.Settings;
import java.util.List;
import java.util.Map;

/**
 * A kind of reaction (email, webhook, …): declares its settings, reads them into its typed configuration and creates
 * {@link Reaction}s from it. Implementations are listed in
 * {@code META-INF/services/io.cloudroutes.reactions.ReactionType}.
 */
public interface ReactionType extends PluginType {

    /**
     * The values read once into this type's configuration, or the field errors that stopped them. A type that reads its
     * settings into a typed configuration overrides this with {@link Parsed#read} and its reader, which adds the rules
     * only the type knows (across fields, templates that must compile, key and name formats), and its {@link #create}
     * builds the reaction from {@code parse(settings).orThrow()}. By default the configuration is the values with
     * defaults filled in, checked against their declared types only, so a plugin written without it still works.
     */
    default Parsed<?> parse(Map<String, String> values) {
        return new Parsed<>(Settings.withDefaults(settings(), values), Settings.validate(settings(), values));
    }

    /** The errors of {@link #parse}: what refuses settings is what would stop {@link #create}. */
    @Override
    default Map<String, String> validate(Map<String, String> values) {
        return parse(values).errors();
    }

    /**
     * A reaction for these settings, which have passed {@link #validate} and had defaults filled in. A type that
     * overrides {@link #parse} takes its configuration from there, with no reading of its own; settings that do not pass
     * then throw {@link IllegalArgumentException} naming the fields.
     */
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

    /**
     * Whether its reactions check, a few seconds after a run, that the run took effect ({@link Reaction#verify}): the
     * actioner then asks them, and a failed check makes the next escalation step due at once.
     */
    default boolean verifiesRuns() {
        return false;
    }

    /**
     * Whether a run of this type can itself take a service down when the alarm was false: a DNS failover, a drain, a
     * reboot. Safeguards (blast-radius limits, flap damping, approvals) hold such runs; notifications are never held. A
     * reaction may say otherwise for a generic type ({@code ReactionConfig.isDisruptive}).
     */
    default boolean disruptive() {
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
