package io.cloudroutes.crweb.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cloudroutes.crweb.api.ApiValidationException;
import io.cloudroutes.crweb.audit.AuditAction;
import io.cloudroutes.crweb.audit.AuditLog;
import io.cloudroutes.crweb.audit.AuditLog.Target;
import io.cloudroutes.crweb.quota.Quota;
import io.cloudroutes.crweb.quota.Quotas;
import io.cloudroutes.crweb.system.DatabaseOutage;
import io.cloudroutes.crweb.system.NotFoundException;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.crweb.team.ActiveTeam;
import io.cloudroutes.crweb.team.ForbiddenException;
import io.cloudroutes.crweb.team.Permission;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, lists, revokes and checks a person's API keys; a key's value exists only in the answer that created it.
 * A key accepted recently is accepted again without a database round trip (see {@link ApiKeyCacheProperties} for how
 * long, and so how late a revocation made through another crweb takes effect).
 */
@Service
public class ApiKeyService {

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
    private final DatabaseOutage outage;
    private final Duration cacheTtl;
    // by key hash: what was last read of an accepted key; kept for the outage grace, trusted alone for the TTL
    private final Cache<String, AcceptedKey> accepted;
    // the look-up in one transaction, as last-used is written back: outside the proxied methods, so not @Transactional
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    ApiKeyService(
            ApiKeyRepository keys,
            UserAccountRepository users,
            Clock clock,
            Quotas quotas,
            DatabaseOutage outage,
            ApiKeyCacheProperties cache,
            PlatformTransactionManager transactionManager,
            AuditLog audit) {
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactionManager);
        this.keys = keys;
        this.users = users;
        this.clock = clock;
        this.quotas = quotas;
        this.outage = outage;
        this.cacheTtl = cache.cacheTtl();
        this.accepted = Caffeine.newBuilder()
                .maximumSize(cache.maximumKeys())
                .expireAfterWrite(cache.outageGrace().compareTo(cacheTtl) > 0 ? cache.outageGrace() : cacheTtl)
                .build();
    }

    /** An accepted key as last read from the database, at {@code readAtNanos} (System.nanoTime). */
    private record AcceptedKey(CurrentUser user, Instant expiresAt, long readAtNanos) {}

    /** A new key and its value, which is not stored and cannot be shown again. */
    record CreatedKey(ApiKey key, String value) {}

    /** What a presented key turned out to be. */
    sealed interface KeyCheck {

        /** A key we issued, not revoked nor expired: the request acts as {@code user} within the key's scope. */
        record Accepted(CurrentUser user) implements KeyCheck {}

        /** A key we issued that expired at {@code at}. */
        record Expired(Instant at) implements KeyCheck {}

        /** No key of ours, or a revoked one. */
        record Refused() implements KeyCheck {}
    }

    /**
     * Creates a key; {@code scope} null is read-write, {@code expiresAt} null never expires. A 422 names the field
     * that is not acceptable.
     */
    @Transactional
    CreatedKey create(ActiveTeam team, String name, ApiKeyScope scope, Instant expiresAt) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new ApiValidationException(
                    Map.of("name", "give the key a name of 1 to 100 characters that says who uses it, e.g. terraform"));
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new ApiValidationException(Map.of(
                    "expiresAt", "the expiry must be in the future; leave it out " + "for a key that does not expire"));
        }
        if (expiresAt != null && expiresAt.isAfter(now.plus(Duration.ofDays(MAX_DAYS)))) {
            throw new ApiValidationException(Map.of(
                    "expiresAt",
                    "the expiry is at most " + MAX_DAYS
                            + " days from now; leave it out for a key that does not expire"));
        }
        quotas.claim(team.id(), Quota.API_KEYS);
        String value = SecretTokens.generate(KEY_PREFIX);
        ApiKey key = keys.save(new ApiKey(
                team.id(),
                team.memberId(),
                trimmed,
                value.substring(0, SHOWN_PREFIX_LENGTH),
                SecretTokens.hash(value),
                scope == null ? ApiKeyScope.READ_WRITE : scope,
                expiresAt));
        audit.record(
                team.id(),
                AuditAction.API_KEY_CREATED,
                Target.apiKey(key.getId(), key.getName()),
                (key.getScope() == ApiKeyScope.READ_ONLY ? "read only" : "read and write")
                        + (expiresAt == null ? ", never expires" : ", expires " + expiresAt)
                        + ", starts with " + key.getPrefix());
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
            throw new ApiValidationException(
                    Map.of(daysField, "give the expiry as a date or as a number of days, " + "not both"));
        }
        if (expiresInDays < 1 || expiresInDays > MAX_DAYS) {
            throw new ApiValidationException(Map.of(
                    daysField,
                    "a key expires in 1 to " + MAX_DAYS + " days; " + "leave it out for a key that does not expire"));
        }
        return clock.instant().plus(Duration.ofDays(expiresInDays));
    }

    /** The team's keys, newest first. */
    List<ApiKey> list(long teamId) {
        return keys.findByTeamIdOrderByCreatedAtDesc(teamId);
    }

    /** Revokes a key of the team: a member's own, or any for those who manage members. */
    @Transactional
    ApiKey revoke(ActiveTeam team, long keyId) {
        ApiKey key =
                keys.findByIdAndTeamId(keyId, team.id()).orElseThrow(() -> new NotFoundException("API key " + keyId));
        if (key.getOwnerId() != team.memberId() && !team.may(Permission.MANAGE_MEMBERS)) {
            throw new ForbiddenException("this key was made by another member: only that member, an admin or an owner "
                    + "of the team may revoke it");
        }
        if (!key.isRevoked()) {
            key.revoke(clock.instant());
            audit.record(
                    team.id(),
                    AuditAction.API_KEY_REVOKED,
                    Target.apiKey(key.getId(), key.getName()),
                    "starts with " + key.getPrefix());
        }
        ApiKey saved = keys.save(key);
        forgetOnCommit(saved.getKeyHash());
        return saved;
    }

    /**
     * Revokes every working key {@code userId} made in {@code teamId}, as they leave it; each stops working in this
     * crweb at once, and in any other as soon as its next request finds the member gone.
     */
    @Transactional
    public int revokeAllOf(long teamId, long userId) {
        List<ApiKey> working = keys.findByTeamIdAndOwnerIdAndRevokedAtIsNull(teamId, userId);
        Instant now = clock.instant();
        for (ApiKey key : working) {
            key.revoke(now);
            forgetOnCommit(keys.save(key).getKeyHash());
        }
        return working.size();
    }

    /** Forgets the key now and again once the transaction commits, so no request in between remembers it anew. */
    private void forgetOnCommit(String keyHash) {
        accepted.invalidate(keyHash);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    accepted.invalidate(keyHash);
                }
            });
        }
    }

    /**
     * Whom a presented key acts for, if it is a key we issued that is neither revoked nor expired. A key accepted
     * within the cache TTL is not looked up again; while the database cannot be reached, one accepted within the
     * outage grace is still accepted (nothing can be revoked meanwhile: revoking writes to that database).
     */
    KeyCheck authenticate(String presented) {
        if (presented == null || !presented.startsWith(KEY_PREFIX)) {
            return new KeyCheck.Refused();
        }
        String hash = SecretTokens.hash(presented);
        AcceptedKey known = accepted.getIfPresent(hash);
        return outage.readOrRemembered(
                known == null ? null : remembered(known),
                known == null ? 0 : known.readAtNanos(),
                cacheTtl,
                () -> transactions.execute(status -> lookUp(hash)));
    }

    private KeyCheck remembered(AcceptedKey known) {
        if (known.expiresAt() != null && !clock.instant().isBefore(known.expiresAt())) {
            return new KeyCheck.Expired(known.expiresAt());
        }
        return new KeyCheck.Accepted(known.user());
    }

    private KeyCheck lookUp(String hash) {
        Optional<ApiKey> found = keys.findByKeyHash(hash).filter(key -> !key.isRevoked());
        if (found.isEmpty()) {
            accepted.invalidate(hash);
            return new KeyCheck.Refused();
        }
        ApiKey key = found.get();
        Instant now = clock.instant();
        if (key.isExpiredAt(now)) {
            accepted.invalidate(hash);
            return new KeyCheck.Expired(key.getExpiresAt());
        }
        if (key.getLastUsedAt() == null || key.getLastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
            key.setLastUsedAt(now);
            keys.save(key);
        }
        Optional<CurrentUser> user = users.findById(key.getOwnerId())
                .map(owner -> CurrentUser.withKey(
                        owner.getId(), owner.getEmail(), key.getTeamId(), key.getPrefix(), key.getScope()));
        if (user.isEmpty()) {
            accepted.invalidate(hash);
            return new KeyCheck.Refused();
        }
        accepted.put(hash, new AcceptedKey(user.get(), key.getExpiresAt(), System.nanoTime()));
        return new KeyCheck.Accepted(user.get());
    }
}
