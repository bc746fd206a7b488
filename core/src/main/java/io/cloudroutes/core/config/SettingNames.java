package io.cloudroutes.core.config;

import java.util.Locale;
import java.util.Map;

/**
 * The one name of each setting. Operators set environment variables ({@code CLOUDROUTES_REDIS_URL}), the public
 * contract; the same setting has one property name wherever a property names it: in crweb's and crbridge's Spring
 * properties ({@code --cloudroutes.redis.url=...}), the standalone's arguments, and {@link Env#fromDottedProperties}.
 * A property name is the variable in lower case with dots for underscores, except where words belong together
 * ({@code CLOUDROUTES_SECRET_KEY} is {@code cloudroutes.secret-key}), listed here.
 *
 * <p>A property renamed so that two processes share one name keeps being read under its old name, with a warning
 * naming the new one ({@link #renamedTo}).
 */
public final class SettingNames {

    /** Settings whose property name joins words with '-' where the variable has '_'. */
    private static final Map<String, String> KEBAB = Map.of(
            "CLOUDROUTES_SECRET_KEY", "cloudroutes.secret-key",
            "CLOUDROUTES_PUBLIC_URL", "cloudroutes.public-url",
            "CLOUDROUTES_DATA_DIR", "cloudroutes.data-dir",
            "CLOUDROUTES_ZMQ_SECRET_KEY", "cloudroutes.zmq.secret-key",
            "CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEYS", "cloudroutes.zmq.worker-public-keys",
            "CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES", "cloudroutes.zmq.max-message-bytes",
            "CLOUDROUTES_QUOTA_EMAILS_PER_HOUR", "cloudroutes.quota.emails-per-hour");

    /**
     * Old property names still read, each with the name that replaced it. {@code cloudroutes.mail-from} was crweb's
     * name for CLOUDROUTES_MAIL_FROM, which crbridge called {@code cloudroutes.mail.from}.
     */
    public static final Map<String, String> RENAMED = Map.of("cloudroutes.mail-from", "cloudroutes.mail.from");

    private SettingNames() {}

    /** The property name of a variable: {@code CLOUDROUTES_REDIS_URL} is {@code cloudroutes.redis.url}. */
    public static String property(String variable) {
        String kebab = KEBAB.get(variable);
        return kebab != null ? kebab : variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /**
     * The variable a property name stands for, however it is written ({@code cloudroutes.redis.url},
     * {@code cloudroutes.redis-url}, {@code cloudroutes.redisUrl} or the variable itself): CLOUDROUTES_REDIS_URL.
     */
    public static String variable(String property) {
        return property.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replace('.', '_')
                .replace('-', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** The name that replaced {@code property} (written in any of Spring's relaxed forms), or null when none did. */
    public static String renamedTo(String property) {
        String written = canonical(property);
        return RENAMED.entrySet().stream()
                .filter(renamed -> canonical(renamed.getKey()).equals(written))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** What a process logs once when it reads a setting under its old name (as a property or an argument). */
    public static String deprecation(String oldName, String newName) {
        return oldName + " is deprecated and read for now: name it " + newName + " (environment "
                + variable(newName.replaceFirst("^--", "")) + "), the name every process reads";
    }

    /** Spring's relaxed form of a property name: lower case, without dashes or underscores. */
    private static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
