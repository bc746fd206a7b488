package io.cloudroutes.core.config;

import io.cloudroutes.core.redis.RedisUrls;
import java.util.Locale;
import java.util.Set;

/**
 * The rule for {@code CLOUDROUTES_REDIS_URL} (property {@code cloudroutes.redis.url}), the Redis that holds live state,
 * one for every process that reads it: crweb and crbridge (bound by Spring), cram-control and the standalone (through
 * {@link Env}).
 */
public final class RedisUrl {

    /** The variable. */
    public static final String VARIABLE = "CLOUDROUTES_REDIS_URL";
    /** Where Redis is looked for unless told. */
    public static final String DEFAULT = "redis://localhost:6379";

    /** The schemes Lettuce connects with: a Redis, one over TLS, through Sentinels, or a Unix socket. */
    private static final Set<String> SCHEMES =
            Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-socket");

    private RedisUrl() {}

    /** The URL, {@link #DEFAULT} when it is not set; a malformed one stops the process naming the variable. */
    public static String check(String url) {
        if (url == null || url.isBlank()) {
            return DEFAULT;
        }
        String value = url.trim();
        int separator = value.indexOf("://");
        String scheme = separator < 0 ? "" : value.substring(0, separator).toLowerCase(Locale.ROOT);
        String rest = separator < 0 ? "" : value.substring(separator + 3);
        if (!SCHEMES.contains(scheme)
                || rest.isEmpty()
                || rest.startsWith("/") && !scheme.equals("redis-socket")
                || rest.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalStateException(VARIABLE + " must be a Redis URL, redis://[user:password@]host:port[/db] "
                    + "(rediss:// for TLS) or redis-sentinel://[user:password@]host:port,host:port#primary-name, "
                    + "but is '" + shown(value) + "'");
        }
        return value;
    }

    /** The value without its password, also when it is too malformed for {@link RedisUrls#redacted} to find it. */
    private static String shown(String value) {
        String redacted = RedisUrls.redacted(value);
        int at = redacted.lastIndexOf('@');
        return redacted.equals(value) && at >= 0 ? "***" + redacted.substring(at) : redacted;
    }

    /** {@value #VARIABLE}, checked; {@link #DEFAULT} when unset. */
    public static String fromEnv(Env env) {
        return check(env.get(VARIABLE, null));
    }
}
