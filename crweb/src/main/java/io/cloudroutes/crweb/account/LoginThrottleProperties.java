package io.cloudroutes.crweb.account;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How failed log-ins are throttled, bound from {@code cloudroutes.login.*} (environment: CLOUDROUTES_LOGIN_…).
 *
 * @param failuresPerAccount    failed log-ins for one email address within {@code window} that lock it out
 * @param failuresPerAddress    failed log-ins from one client address (an IPv6 /64) within {@code window} that lock
 *                              it out, whatever email they tried; 0 turns this off (for example when crweb cannot
 *                              see clients' addresses behind a proxy)
 * @param failedKeysPerAddress  requests with a wrong, revoked or expired API key from one client address within
 *                              {@code window} after which that address gets 429 for a while; 0 turns this off
 * @param window                how long a failure counts
 * @param lockout               the first lock-out; each next one in a row lasts twice as long
 * @param maxLockout            the longest lock-out
 */
@Validated
@ConfigurationProperties("cloudroutes.login")
record LoginThrottleProperties(
        @Min(1) @DefaultValue("5") int failuresPerAccount,
        @Min(0) @DefaultValue("20") int failuresPerAddress,
        @Min(0) @DefaultValue("50") int failedKeysPerAddress,
        @NotNull @DefaultValue("15m") Duration window,
        @NotNull @DefaultValue("1m") Duration lockout,
        @NotNull @DefaultValue("1h") Duration maxLockout) {

    LoginThrottleProperties {
        if (window != null && window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("cloudroutes.login.window must be at least 1s, got " + window);
        }
        if (lockout != null && lockout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("cloudroutes.login.lockout must be at least 1s, got " + lockout);
        }
        if (lockout != null && maxLockout != null && maxLockout.compareTo(lockout) < 0) {
            throw new IllegalArgumentException("cloudroutes.login.max-lockout (" + maxLockout
                    + ") must be at least cloudroutes.login.lockout (" + lockout + ")");
        }
    }
}
