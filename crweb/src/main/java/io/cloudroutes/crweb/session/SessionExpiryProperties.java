package io.cloudroutes.crweb.session;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When a log-in session ends by itself, bound from {@code cloudroutes.sessions.*} (environment:
 * CLOUDROUTES_SESSIONS_…).
 *
 * @param idleTimeout      a session not used for this long ends
 * @param absoluteLifetime a session ends this long after its log-in, however much it is used
 */
@Validated
@ConfigurationProperties("cloudroutes.sessions")
record SessionExpiryProperties(
        @NotNull @DefaultValue("8h") Duration idleTimeout,
        @NotNull @DefaultValue("7d") Duration absoluteLifetime) {

    /** Shorter would end sessions while a person reads a page. */
    static final Duration SHORTEST = Duration.ofMinutes(1);

    SessionExpiryProperties {
        if (idleTimeout != null && idleTimeout.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException(
                    "cloudroutes.sessions.idle-timeout must be at least 1m, got " + idleTimeout);
        }
        if (absoluteLifetime != null && absoluteLifetime.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException(
                    "cloudroutes.sessions.absolute-lifetime must be at least 1m, got " + absoluteLifetime);
        }
        if (idleTimeout != null && absoluteLifetime != null && idleTimeout.compareTo(absoluteLifetime) > 0) {
            throw new IllegalArgumentException("cloudroutes.sessions.idle-timeout (" + idleTimeout
                    + ") must be at most cloudroutes.sessions.absolute-lifetime (" + absoluteLifetime + ")");
        }
    }
}
