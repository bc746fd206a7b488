package io.cloudroutes.core.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A plugin's settings read once into its typed configuration, or the field errors that stopped them. A type's
 * validation reports the errors of the same reading its {@code create} takes the configuration of, so what is refused
 * and what runs can never disagree.
 *
 * @param config the configuration; null when there are errors
 * @param errors field-level errors by setting name, in the order found; empty when the settings are valid
 */
public record Parsed<C>(C config, Map<String, String> errors) {

    public Parsed {
        errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        if (!errors.isEmpty()) {
            config = null;
        }
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The configuration of settings that passed validation; settings that did not are a caller's mistake. */
    public C orThrow() {
        if (!valid()) {
            throw new IllegalArgumentException("settings that did not pass validation: " + errors);
        }
        return config;
    }

    /**
     * Reads {@code values} against the {@code declared} settings: their declared types first ({@link
     * Settings#validate}), then {@code read} builds the configuration from the values with defaults filled in,
     * reporting what only the type knows (rules across fields, a template that does not compile) through {@link
     * SettingValues#reject}. A value its declared type refused reads as absent, so that {@code read} runs and reports
     * its own errors of the other fields too; the configuration it returns is then discarded.
     */
    public static <C> Parsed<C> read(
            List<Setting> declared, Map<String, String> values, Function<SettingValues, C> read) {
        Map<String, String> errors = Settings.validate(declared, values);
        SettingValues typed = new SettingValues(Settings.withDefaults(declared, values), errors);
        C config = read.apply(typed);
        return new Parsed<>(config, errors);
    }
}
