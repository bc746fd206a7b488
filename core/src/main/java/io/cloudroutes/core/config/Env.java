package io.cloudroutes.core.config;

import java.util.Map;
import java.util.function.Function;

/** Reads configuration from environment variables, with errors that name the variable and what it expects. */
public final class Env {

    private final Function<String, String> source;

    private Env(Function<String, String> source) {
        this.source = source;
    }

    public static Env system() {
        return new Env(System::getenv);
    }

    /** Values from a map, for tests and tools. */
    public static Env of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new Env(copy::get);
    }

    /**
     * Variables read from properties named in Spring's dotted form ({@code CLOUDROUTES_REDIS_URL} is
     * {@code cloudroutes.redis.url}), e.g. a Spring environment, which also finds the variable itself under that name.
     */
    public static Env fromDottedProperties(Function<String, String> properties) {
        return new Env(
                name -> properties.apply(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.')));
    }

    /** This environment with {@code values} (by variable name) taking precedence, e.g. from command-line arguments. */
    public Env overriddenBy(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        Function<String, String> fallback = source;
        return new Env(name -> copy.containsKey(name) ? copy.get(name) : fallback.apply(name));
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
            throw new IllegalStateException(
                    name + " must be a whole number between " + min + " and " + max + ", but is '" + value + "'", e);
        }
    }
}
