package io.cloudroutes.core.plugin;

import java.util.List;
import java.util.Map;

/**
 * What check and reaction types have in common: an id, a human name, the settings they declare and their validation.
 * One instance per process, found with {@link java.util.ServiceLoader} by the process's one {@link PluginRegistry},
 * which closes it when the process stops.
 */
public interface PluginType extends AutoCloseable {

    /** Stable id stored with monitors and reactions, e.g. {@code http}. Lower case, no spaces. */
    String id();

    /** Name shown to users, e.g. "HTTP(S) request". */
    String name();

    /**
     * One line shown under the name where a person chooses a type: what it does and when to pick it. Empty when the
     * type says nothing more than its name.
     */
    default String description() {
        return "";
    }

    /** The group a chooser lists this type under; see {@link PluginRegistry#grouped()}. */
    default PluginGroup group() {
        return PluginGroup.OTHER;
    }

    /** Where this type comes within its group in a chooser, lowest first: the commonest first. Ties go by name. */
    default int rank() {
        return 100;
    }

    /** The settings this type takes, in form order. */
    List<Setting> settings();

    /**
     * Frees what this type shares between its checks or reactions (connection pools, event loops); called once, by the
     * registry that created the type, when the process stops using it. The default has nothing to free.
     */
    @Override
    default void close() {}

    /**
     * Field-level errors for the given values (empty when valid). The default checks the declared types; override to
     * add rules that span fields, and include {@code Settings.validate(settings(), values)} in the result.
     */
    default Map<String, String> validate(Map<String, String> values) {
        return Settings.validate(settings(), values);
    }
}
