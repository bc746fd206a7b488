package io.cloudroutes.crweb.quota;

import io.cloudroutes.core.quota.Durations;
import io.cloudroutes.core.quota.EmailQuota;
import io.cloudroutes.core.redis.RateWindow;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.system.LiveRedis;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Holds each account to the operator's quotas ({@link QuotaProperties}): how many monitors, reactions and API keys it
 * may have, counted in PostgreSQL, and how many real test runs and emails it may start, counted in Redis so that every
 * crweb and actioner counts together.
 */
@Service
public class Quotas {

    private static final Logger log = LoggerFactory.getLogger(Quotas.class);
    private static final Duration TEST_RUN_WINDOW = Duration.ofMinutes(1);

    private final QuotaProperties limits;
    private final EntityManager database;
    private final LiveRedis redis;
    private final Clock clock;

    Quotas(QuotaProperties limits, EntityManager database, LiveRedis redis, Clock clock) {
        this.limits = limits;
        this.database = database;
        this.redis = redis;
        this.clock = clock;
    }

    public QuotaProperties limits() {
        return limits;
    }

    /**
     * Makes room for one more of {@code quota} in the calling transaction, which then creates it: throws when the
     * account already has as many as allowed. The account's row stays locked until that transaction ends, so two
     * creates at once are counted one after the other and cannot both take the last place.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void claim(long teamId, Quota quota) {
        claim(teamId, quota, 1);
    }

    /**
     * {@link #claim(long, Quota)} for {@code more} at once (a bulk create): throws, and nothing is created, when the
     * account would then have more than allowed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void claim(long teamId, Quota quota, int more) {
        int limit = quota.limit(limits);
        if (limit == 0) {
            return;
        }
        database.createNativeQuery("select id from teams where id = ?1 for no key update")
                .setParameter(1, teamId)
                .getResultList();
        Query counting = database.createNativeQuery(quota.countQuery()).setParameter(1, teamId);
        if (quota.countedAtAnInstant()) {
            counting.setParameter(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        }
        long count = ((Number) counting.getSingleResult()).longValue();
        if (count >= limit) {
            throw new QuotaExceededException(
                    "you have " + quota.count(count) + ", the most this "
                            + "installation allows one team (" + quota.setting() + "=" + limit
                            + "): delete one you no "
                            + "longer need, or ask the operator to raise the quota",
                    quota.setting(),
                    null);
        }
        if (count + more > limit) {
            throw new QuotaExceededException(
                    "you have " + quota.count(count) + " and asked for " + more
                            + " more, but this installation allows one team " + limit + " (" + quota.setting() + "="
                            + limit
                            + "): you may add " + (limit - count) + " more; delete some you no longer need, or ask the "
                            + "operator to raise the quota",
                    quota.setting(),
                    null);
        }
    }

    /**
     * Counts one real test run of a reaction, or throws when the account started as many as allowed in the last
     * minute. Refused too while Redis, where runs are counted, cannot be reached: a test run can wait.
     */
    public void takeTestRun(long teamId) {
        int limit = limits.testRunsPerMinute();
        if (limit == 0) {
            return;
        }
        String setting = "CLOUDROUTES_QUOTA_TEST_RUNS_PER_MINUTE";
        RateWindow.Taken taken;
        try {
            taken = windows().take(RedisKeys.rateWindow("test-runs", teamId), clock.millis(), TEST_RUN_WINDOW, limit);
        } catch (RuntimeException e) {
            log.warn("cannot count a test run against the quota, refused owner={} error={}", teamId, e.toString());
            throw new QuotaExceededException(
                    "test runs are limited to " + limit + " a minute and they cannot be "
                            + "counted right now (Redis is out of reach): try again shortly",
                    setting,
                    Duration.ofSeconds(10));
        }
        if (!taken.taken()) {
            throw new QuotaExceededException(
                    "your quota of real test runs is used up: " + limit + " a minute ("
                            + setting + "=" + limit + "); try again in " + Durations.words(taken.untilFree())
                            + " (dry runs are not counted)",
                    setting,
                    taken.untilFree());
        }
    }

    /**
     * Counts one email of the team, or says why it may not be sent (its hourly quota is used up). An email that
     * cannot be counted (Redis out of reach) is sent: a notification lost is worse than one too many.
     */
    public Optional<String> takeEmail(long teamId) {
        int limit = limits.emailsPerHour();
        try {
            return EmailQuota.take(windows(), teamId, limit, clock.millis());
        } catch (RuntimeException e) {
            log.warn(
                    "cannot count an email against the quota, sending it anyway owner={} error={}",
                    teamId,
                    e.toString());
            return Optional.empty();
        }
    }

    /** The rate windows in Redis, reached only when one is counted (an unlimited quota never needs Redis). */
    private RateWindow.Windows windows() {
        return (key, nowMillis, window, limit) ->
                RateWindow.in(redis.connection().sync()).take(key, nowMillis, window, limit);
    }
}
