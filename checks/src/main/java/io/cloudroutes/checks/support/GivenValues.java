package io.cloudroutes.checks.support;

import java.util.Map;

/**
 * Which settings a person filled in, as sent: before defaults are filled in, and whether or not their declared types
 * accepted them. For the rules about what goes with what (a threshold's operator needs its value, a threshold needs
 * its query), which hold for a value that was given even when the value itself was refused, and which a default must
 * not satisfy (PING, the redis command used when none is given, takes no threshold). The values themselves are read
 * from {@link io.cloudroutes.core.plugin.SettingValues}.
 */
public final class GivenValues {

    private final Map<String, String> values;

    private GivenValues(Map<String, String> values) {
        this.values = values;
    }

    /** The settings given in {@code values}, as a type's {@code parse} received them. */
    public static GivenValues of(Map<String, String> values) {
        return new GivenValues(values);
    }

    /** Whether a value that is not blank was given for the setting. */
    public boolean has(String name) {
        String value = values.get(name);
        return value != null && !value.isBlank();
    }
}
