package io.cloudroutes.crweb.account;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.crweb.system.SecretTokens;
import io.lettuce.core.RedisException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Limits account mail, so that nobody can flood an inbox through crweb or use it to send mail in bulk: at most
 * {@link AccountProperties#mailsPerAddress()} mails to one email address, and {@link
 * AccountProperties#mailRequestsPerClient()} requests for a link from one client address, per {@link
 * AccountProperties#mailWindow()}. An address is counted whether or not it has an account, and a refused request is
 * answered like any other, so the limit tells nothing about which addresses are registered. Counts live in Redis
 * (every crweb sees them), in this crweb's memory while Redis is away, as {@link LoginThrottle}'s do.
 */
@Service
class AccountMailThrottle {

    private static final Logger log = LoggerFactory.getLogger(AccountMailThrottle.class);

    private final ThrottlePolicy perAddress;
    private final ThrottlePolicy perClient;
    private final ThrottleStore shared;
    private final ThrottleStore local;
    private final Clock clock;

    AccountMailThrottle(AccountProperties properties, LiveRedis redis, Clock clock) {
        this.perAddress = new ThrottlePolicy(
                properties.mailsPerAddress(),
                properties.mailWindow(),
                properties.mailWindow(),
                properties.mailWindow());
        this.perClient = properties.mailRequestsPerClient() == 0
                ? null
                : new ThrottlePolicy(
                        properties.mailRequestsPerClient(),
                        properties.mailWindow(),
                        properties.mailWindow(),
                        properties.mailWindow());
        this.shared = new RedisThrottleStore(redis);
        this.local = new LocalThrottleStore(ThrottlePolicy.STRIKE_MEMORY.plus(properties.mailWindow()));
        this.clock = clock;
    }

    /** Counts a request from {@code client} for a link; whether it may be answered with one. */
    boolean clientMayAsk(String client) {
        return perClient == null || take(LoginThrottle.addressKey("account-mail-client", client), perClient);
    }

    /** Counts a mail to {@code email}; whether it may be sent. */
    boolean mayMail(String email) {
        String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        return take(RedisKeys.throttle("account-mail", SecretTokens.hash(normalized)), perAddress);
    }

    /** Counts one use of {@code key}; false, counting nothing, while the key is over its limit. */
    private boolean take(String key, ThrottlePolicy policy) {
        try {
            return take(shared, key, policy);
        } catch (RedisException e) {
            log.warn("account mail limits cannot reach Redis and count in this crweb's memory error={}", e.toString());
            return take(local, key, policy);
        }
    }

    private boolean take(ThrottleStore store, String key, ThrottlePolicy policy) {
        Instant now = clock.instant();
        // a lost race costs at most a few uncounted requests: try a few times, then let it through
        for (int attempt = 0; attempt < 5; attempt++) {
            String stored = store.get(key);
            ThrottlePolicy.State state = ThrottlePolicy.State.decode(stored);
            if (policy.lockedUntil(state, now).isPresent()) {
                return false;
            }
            ThrottlePolicy.State next = policy.afterFailure(state, now);
            if (store.replace(key, stored, next.encode(), policy.keep(next, now))) {
                return true;
            }
        }
        return true;
    }
}
