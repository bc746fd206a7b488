package io.cloudroutes.core.plugin;

/**
 * A group of plugin types that choosers list together under {@code name}, groups with a lower {@code rank} first
 * (the commonest first).
 */
public record PluginGroup(String name, int rank) {

    /** Where a type that names no group of its own is listed: after every named group. */
    public static final PluginGroup OTHER = new PluginGroup("Other", Integer.MAX_VALUE);
}
