package io.cloudroutes.crweb.quota;

import java.time.Duration;

/**
 * An account reached one of its quotas; nothing was created or run. The message names the quota, its setting and
 * what to do. {@code retryAfter} is set for a rate (try again then) and null for a count (free one first).
 */
public class QuotaExceededException extends RuntimeException {

    private final String setting;
    private final Duration retryAfter;

    QuotaExceededException(String message, String setting, Duration retryAfter) {
        super(message);
        this.setting = setting;
        this.retryAfter = retryAfter;
    }

    /** The operator's setting that sets this quota. */
    public String setting() {
        return setting;
    }

    /** Whether this is a rate, which frees up by itself after {@link #retryAfter()}. */
    public boolean isRate() {
        return retryAfter != null;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
