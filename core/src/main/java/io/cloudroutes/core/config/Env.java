package io.cloudroutes.core.config;

import java.util.Map;
import java.util.function.Function;

/**
 * The one reader of CloudRoutes' settings: environment variables ({@code CLOUDROUTES_...}), with errors that name the
 * variable and what it expects. The cram processes read every setting through it; crweb and crbridge bind theirs with
 * Spring ({@code @ConfigurationProperties}) under the names {@link SettingNames} gives. A setting both kinds of process
 * read is checked by one rule in core, which both call (e.g. {@link RedisUrl},
 * {@link io.cloudroutes.core.zmq.ZmqSecurity#of}, {@link io.cloudroutes.core.secret.SecretBox#fromOptionalBase64}).
 */
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
     * Variables read from properties under their property names ({@link SettingNames#property}:
     * {@code CLOUDROUTES_REDIS_URL} is {@code cloudroutes.redis.url}), e.g. a Spring environment, which also finds the
     * variable itself under that name.
     */
    public static Env fromDottedProperties(Function<String, String> properties) {
        return new Env(name -> properties.apply(SettingNames.property(name)));
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
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    name + " must be a whole number between " + min + " and " + max + ", but is '" + value + "'", e);
        }
        return (int) requireBetween(name, parsed, min, max);
    }

    /**
     * {@code value} when it lies between {@code min} and {@code max}; otherwise stops the process with a message naming
     * the setting. The one range rule, for values read here and for those Spring binds.
     */
    public static long requireBetween(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalStateException(name + " must be between " + min + " and " + max + ", but is " + value);
        }
        return value;
    }
}
