package io.cloudroutes.crweb.account;

import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.quota.Quota;
import io.cloudroutes.crweb.quota.Quotas;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.apikey.ApiKey;
import io.cloudroutes.store.apikey.ApiKeyRepository;
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

    @Transactional
    CreatedKey create(long ownerId, String name) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new ApiValidationException(Map.of("name",
                    "give the key a name of 1 to 100 characters that says who uses it, e.g. terraform"));
        }
        quotas.claim(ownerId, Quota.API_KEYS);
        String value = SecretTokens.generate(KEY_PREFIX);
        ApiKey key = keys.save(new ApiKey(ownerId, trimmed, value.substring(0, SHOWN_PREFIX_LENGTH),
                SecretTokens.hash(value)));
        return new CreatedKey(key, value);
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

    /** The person a presented key acts for, if it is a key we issued and it is not revoked. */
    @Transactional
    Optional<CurrentUser> authenticate(String presented) {
        if (presented == null || !presented.startsWith(KEY_PREFIX)) {
            return Optional.empty();
        }
        return keys.findByKeyHash(SecretTokens.hash(presented))
                .filter(key -> !key.isRevoked())
                .flatMap(key -> {
                    Instant now = clock.instant();
                    if (key.getLastUsedAt() == null || key.getLastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
                        key.setLastUsedAt(now);
                        keys.save(key);
                    }
                    return users.findById(key.getOwnerId())
                            .map(user -> new CurrentUser(user.getId(), user.getEmail(), user.getPasswordHash()));
                });
    }
}
