package io.cloudroutes.crweb.account;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.lettuce.core.RedisException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Counts failed log-ins per email address and per client address, and requests with a wrong API key per client
 * address, and says when one of them is locked out ({@link ThrottlePolicy}). An email address is counted whether or
 * not it has an account, so a lock-out says nothing about which addresses are registered; a successful log-in clears
 * its email address's count (not its client address's: a run over many accounts from one address may include one
 * that works).
 *
 * <p>The counts live in Redis, so every crweb sees the same ones. While Redis cannot be reached each crweb counts in
 * its own memory: log-ins stay throttled (per instance, so an attacker spread over n instances gets n times the
 * tries), and nobody is locked out because Redis is away.
 */
@Service
class LoginThrottle {

    /** What was locked out, and how it is said. */
    enum Subject {
        ACCOUNT("Too many failed log-ins for this email address"),
        ADDRESS("Too many failed log-ins from your network address"),
        API_KEY_ADDRESS("Too many requests with an API key that is not valid came from your network address"),
        SECOND_FACTOR("Too many wrong codes for this account");

        final String sentence;

        Subject(String sentence) {
            this.sentence = sentence;
        }
    }

    /** A lock-out of {@code subject} until {@code until}. */
    record Lockout(Subject subject, Instant until) {

        /** E.g. "Too many failed log-ins for this email address: try again after 2026-12-02 14:32:05 UTC (in 2 minutes)." */
        String message(Instant now) {
            long minutes = Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60);
            return subject.sentence + ": try again after " + TIME.format(until) + " (in " + minutes
                    + (minutes == 1 ? " minute" : " minutes") + ").";
        }

        /** Whole seconds from {@code now} to the end of the lock-out, at least 1, for Retry-After. */
        long secondsLeft(Instant now) {
            return Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
        }
    }

    /** How times are written in what people and programs are told: 2026-12-02 14:32:05 UTC. */
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_ATTEMPTS = 20;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private final ThrottlePolicy accounts;
    private final ThrottlePolicy addresses;
    private final ThrottlePolicy keyAddresses;
    private final ThrottleStore shared;
    private final ThrottleStore local;
    private final Clock clock;
    private volatile boolean sharedAway;

    LoginThrottle(LoginThrottleProperties properties, LiveRedis redis, Clock clock) {
        this.accounts = policy(properties.failuresPerAccount(), properties);
        this.addresses = policy(properties.failuresPerAddress(), properties);
        this.keyAddresses = policy(properties.failedKeysPerAddress(), properties);
        this.shared = new RedisThrottleStore(redis);
        this.local = new LocalThrottleStore(
                ThrottlePolicy.STRIKE_MEMORY.plus(properties.maxLockout()).plus(properties.window()));
        this.clock = clock;
    }

    /** The policy, or null when {@code maxFailures} is 0 (off). */
    private static ThrottlePolicy policy(int maxFailures, LoginThrottleProperties properties) {
        return maxFailures == 0
                ? null
                : new ThrottlePolicy(maxFailures, properties.window(), properties.lockout(), properties.maxLockout());
    }

    /** The lock-out that refuses a log-in for {@code email} from {@code address} now, if any. */
    Optional<Lockout> lockout(String email, String address) {
        Instant now = clock.instant();
        return lockedUntil(accountKey(email), accounts, now)
                .map(until -> new Lockout(Subject.ACCOUNT, until))
                .or(() -> lockedUntil(addressKey("address", address), addresses, now)
                        .map(until -> new Lockout(Subject.ADDRESS, until)));
    }

    /** Counts a failed log-in; the lock-out it started, if it was the last one allowed. */
    Optional<Lockout> failed(String email, String address) {
        Instant now = clock.instant();
        Optional<Lockout> account =
                recordFailure(accountKey(email), accounts, now).map(until -> new Lockout(Subject.ACCOUNT, until));
        Optional<Lockout> client = recordFailure(addressKey("address", address), addresses, now)
                .map(until -> new Lockout(Subject.ADDRESS, until));
        account.or(() -> client)
                .ifPresent(lockout -> log.info(
                        "log-in locked out subject={} address={} until={}",
                        lockout.subject(),
                        address,
                        lockout.until()));
        return account.or(() -> client);
    }

    /** A successful log-in: the email address's count starts again. */
    void succeeded(String email) {
        call(store -> {
            store.delete(accountKey(email));
            return null;
        });
    }

    /**
     * The lock-out that refuses second-factor codes (and re-authentication) for the account {@code userId} from
     * {@code address} now, if any: wrong codes count like wrong passwords, per account and per client address.
     */
    Optional<Lockout> codeLockout(long userId, String address) {
        Instant now = clock.instant();
        return lockedUntil(codeKey(userId), accounts, now)
                .map(until -> new Lockout(Subject.SECOND_FACTOR, until))
                .or(() -> lockedUntil(addressKey("address", address), addresses, now)
                        .map(until -> new Lockout(Subject.ADDRESS, until)));
    }

    /** Counts a wrong code for the account {@code userId}; the lock-out it started, if it was the last one allowed. */
    Optional<Lockout> codeFailed(long userId, String address) {
        Instant now = clock.instant();
        Optional<Lockout> account =
                recordFailure(codeKey(userId), accounts, now).map(until -> new Lockout(Subject.SECOND_FACTOR, until));
        Optional<Lockout> client = recordFailure(addressKey("address", address), addresses, now)
                .map(until -> new Lockout(Subject.ADDRESS, until));
        account.or(() -> client)
                .ifPresent(lockout -> log.info(
                        "second factor locked out subject={} user={} address={} until={}",
                        lockout.subject(),
                        userId,
                        address,
                        lockout.until()));
        return account.or(() -> client);
    }

    /** A right code: the account's count of wrong codes starts again. */
    void codeSucceeded(long userId) {
        call(store -> {
            store.delete(codeKey(userId));
            return null;
        });
    }

    private static String codeKey(long userId) {
        return RedisKeys.throttle("second-factor", Long.toString(userId));
    }

    /** The lock-out that refuses every API key from {@code address} now, if any. */
    Optional<Lockout> keyLockout(String address) {
        return lockedUntil(addressKey("api-key-address", address), keyAddresses, clock.instant())
                .map(until -> new Lockout(Subject.API_KEY_ADDRESS, until));
    }

    /** Counts a request with an API key that is not valid; the lock-out it started, if any. */
    Optional<Lockout> keyFailed(String address) {
        Optional<Lockout> lockout = recordFailure(addressKey("api-key-address", address), keyAddresses, clock.instant())
                .map(until -> new Lockout(Subject.API_KEY_ADDRESS, until));
        lockout.ifPresent(locked -> log.info("API keys locked out address={} until={}", address, locked.until()));
        return lockout;
    }

    private Optional<Instant> lockedUntil(String key, ThrottlePolicy policy, Instant now) {
        if (policy == null) {
            return Optional.empty();
        }
        return policy.lockedUntil(ThrottlePolicy.State.decode(call(store -> store.get(key))), now);
    }

    private Optional<Instant> recordFailure(String key, ThrottlePolicy policy, Instant now) {
        if (policy == null) {
            return Optional.empty();
        }
        return call(store -> {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                String stored = store.get(key);
                ThrottlePolicy.State next = policy.afterFailure(ThrottlePolicy.State.decode(stored), now);
                if (store.replace(key, stored, next.encode(), policy.keep(next, now))) {
                    return policy.lockedUntil(next, now);
                }
            }
            log.warn(
                    "a failed log-in was not counted: {} other requests changed its count at the same time key={}",
                    MAX_ATTEMPTS,
                    key);
            return Optional.empty();
        });
    }

    /** Runs {@code operation} on Redis, or on this crweb's memory while Redis cannot be reached. */
    private <T> T call(Function<ThrottleStore, T> operation) {
        try {
            T result = operation.apply(shared);
            if (sharedAway) {
                sharedAway = false;
                log.info("log-in throttling counts in Redis again");
            }
            return result;
        } catch (RedisException e) {
            if (!sharedAway) {
                sharedAway = true;
                log.warn(
                        "log-in throttling cannot reach Redis and counts in this crweb's memory until it is back "
                                + "error={}",
                        e.toString());
            }
            return operation.apply(local);
        }
    }

    /** The key of an email address: a hash of it as log-in compares it (trimmed, in any case). */
    private static String accountKey(String email) {
        String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        return RedisKeys.throttle("account", SecretTokens.hash(normalized));
    }

    /**
     * The key of a client address: an IPv4 address as it is, an IPv6 address by its /64 (one host usually has a whole
     * /64 to pick from), anything else by a hash of it.
     */
    static String addressKey(String kind, String address) {
        return RedisKeys.throttle(kind, subject(address == null ? "" : address.trim()));
    }

    static String subject(String address) {
        if (IPV4.matcher(address).matches()) {
            return address;
        }
        if (address.indexOf(':') >= 0 && IPV6.matcher(address).matches()) {
            try {
                // a literal with ':' is parsed, never looked up; an IPv4-mapped one comes back as IPv4
                InetAddress parsed = InetAddress.getByName(address);
                if (parsed instanceof Inet6Address) {
                    byte[] prefix = new byte[8];
                    System.arraycopy(parsed.getAddress(), 0, prefix, 0, 8);
                    return HexFormat.of().formatHex(prefix) + "::/64";
                }
                return parsed.getHostAddress();
            } catch (UnknownHostException notAnAddress) {
                // counted by its hash below
            }
        }
        return SecretTokens.hash(address);
    }
}
