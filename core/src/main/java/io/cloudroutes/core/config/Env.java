package io.cloudroutes.core.config;

import java.util.Map;
import java.util.function.Function;

/**
 * Reads configuration from environment variables, with errors that name the variable and what it expects.
 * Backed by a map so that tests and the standalone process can configure components without touching the real
 * environment.
 */
public final class Env {

    private final Function<String, String> source;

    private Env(Function<String, String> source) {
        this.source = source;
    }

    public static Env system() {
        return new Env(System::getenv);
    }

    public static Env of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new Env(copy::get);
    }

    /** Values from {@code overrides} first, then from this env. */
    public Env with(Map<String, String> overrides) {
        Map<String, String> copy = Map.copyOf(overrides);
        return new Env(name -> copy.containsKey(name) ? copy.get(name) : source.apply(name));
    }

    public String get(String name, String defaultValue) {
        String value = source.apply(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public int getInt(String name, int defaultValue, int min, int max) {
        String value = get(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new IllegalStateException(name + " must be between " + min + " and " + max + ", but is " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number between " + min + " and " + max
                    + ", but is '" + value + "'", e);
        }
    }
}
