package io.cloudroutes.core.redis;

import java.time.Duration;

/** What may be shown of a Redis URL: everything but its password; and how its processes reconnect. */
public final class RedisUrls {

    /**
     * The longest pause between two attempts to reconnect to CloudRoutes' Redis (Lettuce's default grows to 30 s):
     * each attempt on a {@code redis-sentinel://} URL asks the sentinels for the primary, so after a failover every
     * process is on the new primary within a second of its promotion, inside the 15 s users allow.
     */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private RedisUrls() {}

    /** The URL with its password (if any) replaced by {@code ***}, for logs and messages. */
    public static String redacted(String url) {
        return url == null ? null : url.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }
}
