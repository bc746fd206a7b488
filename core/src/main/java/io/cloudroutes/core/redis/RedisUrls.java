package io.cloudroutes.core.redis;

/** What may be shown of a Redis URL: everything but its password. */
public final class RedisUrls {

    private RedisUrls() {
    }

    /** The URL with its password (if any) replaced by {@code ***}, for logs and messages. */
    public static String redacted(String url) {
        return url == null ? null : url.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }
}
