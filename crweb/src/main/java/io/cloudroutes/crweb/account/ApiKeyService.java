package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.quota.Quota;
import io.cloudroutes.crweb.quota.Quotas;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.apikey.ApiKey;
import io.cloudroutes.store.apikey.ApiKeyRepository;
import io.cloudroutes.store.apikey.ApiKeyScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, lists, revokes and checks a person's API keys; a key's value exists only in the answer that created it. */
@Service
class ApiKeyService {

    static final String KEY_PREFIX = "crk_";
    /** The furthest a key's expiry may be: ten years. */
    static final int MAX_DAYS = 3650;
    private static final int SHOWN_PREFIX_LENGTH = KEY_PREFIX.length() + 6;
    // Writing last-used on every request would make each API call a database write.
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final UserAccountRepository users;
    private final Clock clock;
    private final Quotas quotas;

    ApiKeyService(ApiKeyRepository keys, UserAccountRepository users, Clock clock, Quotas quotas) {
        this.keys = keys;
        this.users = users;
        this.clock = clock;
        this.quotas = quotas;
    }

    /** A new key and its value, which is not stored and cannot be shown again. */
    record CreatedKey(ApiKey key, String value) {
    }

    /** What a presented key turned out to be. */
    sealed interface KeyCheck {

        /** A key we issued, not revoked nor expired: the request acts as {@code user} within the key's scope. */
        record Accepted(CurrentUser user) implements KeyCheck {
        }

        /** A key we issued that expired at {@code at}. */
        record Expired(Instant at) implements KeyCheck {
        }

        /** No key of ours, or a revoked one. */
        record Refused() implements KeyCheck {
        }
    }

    /**
     * Creates a key; {@code scope} null is read-write, {@code expiresAt} null never expires. A 422 names the field
     * that is not acceptable.
     */
    @Transactional
    CreatedKey create(long ownerId, String name, ApiKeyScope scope, Instant expiresAt) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new ApiValidationException(Map.of("name",
                    "give the key a name of 1 to 100 characters that says who uses it, e.g. terraform"));
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new ApiValidationException(Map.of("expiresAt", "the expiry must be in the future; leave it out "
                    + "for a key that does not expire"));
        }
        if (expiresAt != null && expiresAt.isAfter(now.plus(Duration.ofDays(MAX_DAYS)))) {
            throw new ApiValidationException(Map.of("expiresAt", "the expiry is at most " + MAX_DAYS
                    + " days from now; leave it out for a key that does not expire"));
        }
        quotas.claim(ownerId, Quota.API_KEYS);
        String value = SecretTokens.generate(KEY_PREFIX);
        ApiKey key = keys.save(new ApiKey(ownerId, trimmed, value.substring(0, SHOWN_PREFIX_LENGTH),
                SecretTokens.hash(value), scope == null ? ApiKeyScope.READ_WRITE : scope, expiresAt));
        return new CreatedKey(key, value);
    }

    /**
     * When a key asked for with {@code expiresAt} or {@code expiresInDays} (at most one of them) expires; null for
     * never. {@code daysField} is the name the days go by in the answer (the API's or the form's).
     */
    Instant expiry(Instant expiresAt, Integer expiresInDays, String daysField) {
        if (expiresInDays == null) {
            return expiresAt;
        }
        if (expiresAt != null) {
            throw new ApiValidationException(Map.of(daysField, "give the expiry as a date or as a number of days, "
                    + "not both"));
        }
        if (expiresInDays < 1 || expiresInDays > MAX_DAYS) {
            throw new ApiValidationException(Map.of(daysField, "a key expires in 1 to " + MAX_DAYS + " days; "
                    + "leave it out for a key that does not expire"));
        }
        return clock.instant().plus(Duration.ofDays(expiresInDays));
    }

    List<ApiKey> list(long ownerId) {
        return keys.findByOwnerIdOrderByCreatedAtDesc(ownerId);
    }

    @Transactional
    ApiKey revoke(long ownerId, long keyId) {
        ApiKey key = keys.findByIdAndOwnerId(keyId, ownerId).orElseThrow(() -> new NotFoundException("API key " + keyId));
        if (!key.isRevoked()) {
            key.revoke(clock.instant());
        }
        return keys.save(key);
    }

    /** Whom a presented key acts for, if it is a key we issued that is neither revoked nor expired. */
    @Transactional
    KeyCheck authenticate(String presented) {
        if (presented == null || !presented.startsWith(KEY_PREFIX)) {
            return new KeyCheck.Refused();
        }
        Optional<ApiKey> found = keys.findByKeyHash(SecretTokens.hash(presented)).filter(key -> !key.isRevoked());
        if (found.isEmpty()) {
            return new KeyCheck.Refused();
        }
        ApiKey key = found.get();
        Instant now = clock.instant();
        if (key.isExpiredAt(now)) {
            return new KeyCheck.Expired(key.getExpiresAt());
        }
        if (key.getLastUsedAt() == null || key.getLastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
            key.setLastUsedAt(now);
            keys.save(key);
        }
        return users.findById(key.getOwnerId())
                .<KeyCheck>map(user -> new KeyCheck.Accepted(CurrentUser.withKey(user.getId(), user.getEmail(),
                        key.getScope())))
                .orElseGet(KeyCheck.Refused::new);
    }
}
