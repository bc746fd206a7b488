package io.cloudroutes.checks;

import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/** A check type whose checks workers run on a schedule, from every zone the monitor names: http, tcp, dns, …. */
public non-sealed interface PolledCheckType extends CheckType {

    /**
     * The values read once into this type's configuration, or the field errors that stopped them. A type that reads
     * its settings into a typed configuration ({@link Parsed#read}) overrides this, and its {@link #create} builds the
     * check from {@code parse(settings).orThrow()}. By default the configuration is the values with defaults filled
     * in, checked against their declared types only.
     */
    default Parsed<?> parse(Map<String, String> values) {
        return new Parsed<>(Settings.withDefaults(settings(), values), Settings.validate(settings(), values));
    }

    /**
     * The errors of {@link #parse}: what is refused is exactly what could not be read. A map of its own, which a type
     * that adds rules to {@code PolledCheckType.super.validate(values)} may add to.
     */
    @Override
    default Map<String, String> validate(Map<String, String> values) {
        return new LinkedHashMap<>(parse(values).errors());
    }

    /**
     * A check for these settings; they have passed {@link #validate} and had defaults filled in. Every connection the
     * check makes goes through the egress guard of {@code services}. A type that reads its settings with {@link
     * #parse} builds the check from {@code parse(settings).orThrow()}, so settings that do not pass throw {@link
     * IllegalArgumentException}.
     */
    Check create(Map<String, String> settings, CheckServices services);
}
