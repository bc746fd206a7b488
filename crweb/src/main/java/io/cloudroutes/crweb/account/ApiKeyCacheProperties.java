package io.cloudroutes.crweb.account;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long crweb trusts what it last read of an API key, bound from {@code cloudroutes.api-keys.*} (environment:
 * CLOUDROUTES_API_KEYS_…).
 *
 * @param cacheTtl     a key accepted within this long is accepted again without asking the database: a key revoked or
 *                     deleted through another crweb is refused at most this long later (through this crweb, at once).
 *                     Expiry is checked on every request
 * @param outageGrace  while the database cannot be reached, a key accepted within this long is still accepted, so that
 *                     programs keep reading live status; 0 refuses every key not checked within {@code cacheTtl}
 * @param maximumKeys  how many keys are remembered at most (the least recently used are forgotten first)
 */
@Validated
@ConfigurationProperties("cloudroutes.api-keys")
public record ApiKeyCacheProperties(
        @NotNull @DefaultValue("5s") Duration cacheTtl,
        @NotNull @DefaultValue("1h") Duration outageGrace,
        @DefaultValue("10000") int maximumKeys) {

    public ApiKeyCacheProperties {
        if (cacheTtl != null && (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofMinutes(1)) > 0)) {
            throw new IllegalArgumentException("cloudroutes.api-keys.cache-ttl must be between 0s and 1m (how late a "
                    + "revoked key may still be accepted), got " + cacheTtl);
        }
        if (outageGrace != null && outageGrace.isNegative()) {
            throw new IllegalArgumentException(
                    "cloudroutes.api-keys.outage-grace must not be negative, got " + outageGrace);
        }
        if (maximumKeys < 1) {
            throw new IllegalArgumentException(
                    "cloudroutes.api-keys.maximum-keys must be at least 1, got " + maximumKeys);
        }
    }
}
