package io.cloudroutes.crweb.push;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.cloudroutes.crweb.system.LiveRedis;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recent deliveries of each pushed monitor, as Healthchecks.io keeps a ping log: what arrived, when, from where,
 * and what became of it, including what was ignored, de-duplicated or refused, so a user can tell why a sender's
 * call changed nothing. Kept in Redis as two capped lists per monitor: deliveries from senders that presented the
 * secret, and refusals of senders that did not, so that strangers cannot push the real deliveries out of the log.
 *
 * <p>The log is an aid, not a record: writing to it never changes what the sender is answered. When Redis cannot be
 * reached the delivery itself is refused with 503, and the log cannot say so; the sender's own log does. Available
 * to templates as {@code @deliveryLog}.
 */
@Component("deliveryLog")
public class DeliveryLog {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);

    /** Outlives any quiet spell of a sender; it only frees the lists of monitors deleted while Redis was away. */
    static final long KEEP_SECONDS = 400L * 24 * 3600;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RedisScript logDelivery = RedisScript.of(DeliveryLog.class, "log-delivery.lua");
    private final LiveRedis redis;
    private final MonitorRepository monitors;

    DeliveryLog(LiveRedis redis, MonitorRepository monitors) {
        this.redis = redis;
        this.monitors = monitors;
    }

    /** Adds a delivery whose sender presented the monitor's secret. */
    public void record(long monitorId, Delivery delivery) {
        push(RedisKeys.deliveries(monitorId), delivery);
    }

    /**
     * Adds a delivery refused before its sender was authenticated, without its body, if the monitor exists: ids of
     * monitors that do not exist get no log, so that guessing ids cannot fill Redis.
     */
    public void recordUnauthenticated(long monitorId, Delivery delivery) {
        try {
            if (!monitors.existsById(monitorId)) {
                return;
            }
        } catch (RuntimeException e) {
            log.debug(
                    "delivery not logged: the monitor could not be looked up monitor={} error={}",
                    monitorId,
                    e.toString());
            return;
        }
        push(
                RedisKeys.refusedDeliveries(monitorId),
                new Delivery(
                        delivery.at(),
                        delivery.outcome(),
                        delivery.httpStatus(),
                        delivery.detail(),
                        delivery.transition(),
                        null,
                        delivery.sender()));
    }

    /**
     * The latest deliveries, newest first: at most {@link RedisKeys#RECENT_DELIVERIES} from senders with the secret
     * and as many refusals of senders without it, so that neither kind hides the other.
     */
    public RecentDeliveries recent(long monitorId) {
        List<Delivery> items = new ArrayList<>();
        try {
            var commands = redis.connection().sync();
            for (String key : List.of(RedisKeys.deliveries(monitorId), RedisKeys.refusedDeliveries(monitorId))) {
                for (String json : commands.lrange(key, 0, RedisKeys.RECENT_DELIVERIES - 1)) {
                    try {
                        items.add(JSON.readValue(json, Delivery.class));
                    } catch (JacksonException e) {
                        log.debug("unreadable delivery log entry skipped monitor={} error={}", monitorId, e.toString());
                    }
                }
            }
        } catch (RuntimeException e) {
            return new RecentDeliveries(false, List.of());
        }
        items.sort(Comparator.comparing(Delivery::at).reversed());
        return new RecentDeliveries(true, List.copyOf(items));
    }

    /** Forgets the deliveries of a deleted monitor once its deletion has committed. */
    public void forgetWhenCommitted(long monitorId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forget(monitorId);
                }
            });
        } else {
            forget(monitorId);
        }
    }

    private void forget(long monitorId) {
        try {
            redis.connection().sync().del(RedisKeys.deliveries(monitorId), RedisKeys.refusedDeliveries(monitorId));
        } catch (RuntimeException e) {
            // The lists expire by themselves; a deleted monitor's id is never shown again.
            log.warn(
                    "delivery log of deleted monitor not removed now, it expires later monitor={} error={}",
                    monitorId,
                    e.toString());
        }
    }

    private void push(String key, Delivery given) {
        // What the sender wrote may reach the detail (a reason) and the transition too: no secret is kept anywhere.
        Delivery delivery = new Delivery(
                given.at(),
                given.outcome(),
                given.httpStatus(),
                DeliveryExcerpt.masked(given.detail()),
                DeliveryExcerpt.masked(given.transition()),
                DeliveryExcerpt.masked(given.excerpt()),
                given.sender());
        // Sent without waiting for its answer: the sender's answer never depends on it, and this connection's later
        // commands (a page reading the log) run after it, unless Redis had lost the script and it is sent again.
        try {
            logDelivery
                    .<String>evalAsync(
                            redis.connection().async(),
                            ScriptOutputType.STATUS,
                            new String[] {key},
                            JSON.writeValueAsString(delivery),
                            String.valueOf(RedisKeys.RECENT_DELIVERIES),
                            String.valueOf(KEEP_SECONDS))
                    .whenComplete((ok, e) -> {
                        if (e != null) {
                            notLogged(key, delivery, e);
                        }
                    });
        } catch (RuntimeException e) {
            notLogged(key, delivery, e);
        }
    }

    private static void notLogged(String key, Delivery delivery, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        log.warn("delivery not logged key={} outcome={} error={}", key, delivery.outcome(), cause.toString());
    }
}
