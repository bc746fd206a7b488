package io.cloudroutes.crweb.webhook;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crweb.system.LiveRedis;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The webhook results this crweb appended lately, kept so that none it answered 2xx for is lost when Redis loses its
 * data (restarted without persistence, or flushed). Until an actioner has folded a result and written its decision to
 * PostgreSQL, only Redis holds it. The bridge rebuilds Redis after a loss and marks that with a new
 * {@link RedisKeys#EPOCH}; once crweb sees the new epoch, it appends again, for each monitor, the newest result it had
 * appended under an old one. That restores what the monitor last reported: a result that reached the new Redis already
 * is skipped by the fold's de-duplication (same result id), one that was lost is folded now, and an older result is
 * never folded after a newer one. A status that was reported and overtaken by the next within those seconds is not
 * recorded as an event of its own.
 */
@Component
class AcceptedResults implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AcceptedResults.class);
    /**
     * How long a result is kept: far longer than a fold and its decision's write to PostgreSQL take, and than the
     * bridge takes to notice a loss and rebuild.
     */
    static final Duration KEPT_FOR = Duration.ofMinutes(2);
    /** The most results kept; at higher webhook rates the oldest go first. */
    static final int MOST_KEPT = 20_000;

    private static final long WATCH_EVERY_MILLIS = 1_000;

    /** One appended result, and the epoch of the Redis it went to as far as crweb knew then. */
    private static final class Appended {
        final long monitorId;
        final String json;
        final long atMillis;
        String epoch;

        Appended(long monitorId, String json, long atMillis, String epoch) {
            this.monitorId = monitorId;
            this.json = json;
            this.atMillis = atMillis;
            this.epoch = epoch;
        }
    }

    private final LiveRedis redis;
    private final Clock clock;
    private final Counter appendedAgain;
    /** Oldest first; guarded by this. */
    private final Deque<Appended> kept = new ArrayDeque<>();
    /** The epoch crweb last read; null before the first read and while Redis has none. */
    private volatile String epoch;

    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("crweb-epoch-watch").factory());

    AcceptedResults(LiveRedis redis, Clock clock, MeterRegistry meters) {
        this.redis = redis;
        this.clock = clock;
        this.appendedAgain = Counter.builder("cloudroutes.crweb.webhook.results.appended.again")
                .description("Webhook results appended again after Redis lost its data before they were folded")
                .register(meters);
        watch.scheduleWithFixedDelay(this::watchQuietly, 0, WATCH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A result Redis confirmed in the stream: kept for {@link #KEPT_FOR}. */
    synchronized void appended(long monitorId, String json) {
        long now = clock.millis();
        kept.addLast(new Appended(monitorId, json, now, epoch));
        forgetOld(now);
    }

    private void forgetOld(long now) {
        while (!kept.isEmpty() && (kept.size() > MOST_KEPT || kept.peekFirst().atMillis < now - KEPT_FOR.toMillis())) {
            kept.removeFirst();
        }
    }

    private void watchQuietly() {
        try {
            watchEpoch();
        } catch (RuntimeException e) {
            // Redis is away: the next look, a second later, tries again; results are kept meanwhile
            log.debug("cannot read the Redis epoch error={}", e.toString());
        }
    }

    /**
     * Reads the epoch and, when it changed, appends again the newest result of each monitor that went to the Redis of
     * an earlier one. While Redis has no epoch (lost and not rebuilt yet), it waits: the monitors' definitions come
     * back with the rebuild, and a result folded before that would find no monitor.
     */
    void watchEpoch() {
        RedisCommands<String, String> commands = redis.connection().sync();
        String current = commands.get(RedisKeys.EPOCH);
        if (current != null) {
            appendAgainUnder(current, commands);
        }
    }

    private synchronized void appendAgainUnder(String current, RedisCommands<String, String> commands) {
        if (current.equals(epoch)) {
            return; // the same Redis as at the last look: everything kept since was tagged with it
        }
        forgetOld(clock.millis());
        Map<Long, Appended> newest = new LinkedHashMap<>();
        kept.forEach(each -> newest.put(each.monitorId, each));
        List<Appended> again = newest.values().stream()
                .filter(each -> !current.equals(each.epoch))
                .toList();
        for (Appended each : again) {
            commands.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, each.json));
            each.epoch = current;
        }
        kept.forEach(each -> each.epoch = current);
        if (!again.isEmpty() && epoch != null) {
            appendedAgain.increment(again.size());
            log.warn(
                    "Redis lost its data: appended again the latest webhook result of each monitor accepted before "
                            + "it monitors={}",
                    again.size());
        }
        epoch = current;
    }

    @Override
    public void close() {
        watch.shutdownNow();
    }
}
