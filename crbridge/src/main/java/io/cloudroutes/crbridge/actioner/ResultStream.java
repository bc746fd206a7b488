package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.StreamGroups;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Consumes the durable results stream (webhooks append there) through the consumer group shared by all actioners.
 * Workers' results come here too, appended by each actioner's {@link ResultSocket}. An entry is acknowledged only
 * after it was folded, and entries left pending by an actioner that died are claimed after {@link #CLAIM_IDLE}, so
 * nothing accepted is lost.
 */
@Component
class ResultStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResultStream.class);
    /**
     * Idle time after which an entry delivered to another actioner (dead, or failing) is claimed: short, so a dead
     * actioner's results are folded within seconds. An entry claimed while its first fold is still running is folded
     * once all the same, its seen marker makes the second a duplicate.
     */
    private static final Duration CLAIM_IDLE = Duration.ofSeconds(15);

    private static final Duration CLAIM_EVERY = Duration.ofSeconds(5);
    private static final Duration TRIM_EVERY = Duration.ofSeconds(1);

    private final ResultProcessor processor;
    private final RedisClient client;
    private final String consumer = "actioner-" + UUID.randomUUID().toString().substring(0, 8);
    private StatefulRedisConnection<String, String> connection;
    private Thread loop;
    private volatile boolean running;
    /** Whether the consumer group is known to exist (only the stream's own thread reads and sets it). */
    private boolean groupReady;

    ResultStream(ResultProcessor processor, RedisClient client) {
        this.processor = processor;
        this.client = client;
    }

    @Override
    public void start() {
        // Its own connection: XREADGROUP blocks, and must not hold up the shared one.
        connection = client.connect();
        running = true;
        loop = Thread.ofPlatform().name("crbridge-stream").start(this::run);
    }

    private void run() {
        RedisCommands<String, String> redis = connection.sync();
        boolean failing = false;
        long nextClaim = 0;
        long nextTrim = 0;
        while (running) {
            try {
                ensureGroup(redis);
                if (System.currentTimeMillis() >= nextClaim) {
                    ClaimedMessages<String, String> claimed = redis.xautoclaim(
                            RedisKeys.RESULTS_STREAM,
                            XAutoClaimArgs.Builder.xautoclaim(
                                            Consumer.from(RedisKeys.RESULTS_GROUP, consumer), CLAIM_IDLE, "0-0")
                                    .count(100));
                    handle(redis, claimed.getMessages());
                    nextClaim = System.currentTimeMillis() + CLAIM_EVERY.toMillis();
                }
                List<StreamMessage<String, String>> messages = redis.xreadgroup(
                        Consumer.from(RedisKeys.RESULTS_GROUP, consumer),
                        XReadArgs.Builder.count(100).block(Duration.ofSeconds(1)),
                        XReadArgs.StreamOffset.lastConsumed(RedisKeys.RESULTS_STREAM));
                handle(redis, messages);
                if (System.currentTimeMillis() >= nextTrim) {
                    trimAcknowledged(redis);
                    nextTrim = System.currentTimeMillis() + TRIM_EVERY.toMillis();
                }
                failing = false;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                    groupReady = false; // Redis lost the stream (restart without persistence, flush): recreate it
                }
                if (!failing) {
                    log.warn("cannot read the results stream, retrying error={}", e.toString());
                    failing = true;
                }
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    private void ensureGroup(RedisCommands<String, String> redis) {
        if (groupReady) {
            return;
        }
        try {
            redis.xgroupCreate(
                    XReadArgs.StreamOffset.from(RedisKeys.RESULTS_STREAM, "0-0"),
                    RedisKeys.RESULTS_GROUP,
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: another actioner created it first
        }
        groupReady = true;
    }

    /**
     * Folds the entries as one batch ({@link ResultProcessor#processBatch}: two Redis round trips for all, not two per
     * entry) and acknowledges those handled with one XACK, not one Redis round trip per entry (the fold path in
     * docs/benchmarks.md). A malformed entry is dropped and acknowledged. An entry that could not be handled (its
     * monitor's definition or its fold failed) stays pending and is claimed again after {@link #CLAIM_IDLE}, not lost;
     * the others are acknowledged. Should the batch fail as a whole, only the malformed entries are acknowledged.
     */
    private void handle(RedisCommands<String, String> redis, List<StreamMessage<String, String>> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<String> handled = new ArrayList<>(messages.size());
        List<String> folding = new ArrayList<>(messages.size());
        List<CheckResult> results = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> message : messages) {
            String json = message.getBody().get(RedisKeys.RESULTS_STREAM_FIELD);
            try {
                if (json != null) {
                    results.add(MessageCodec.fromJson(json, CheckResult.class));
                    folding.add(message.getId());
                    continue;
                }
            } catch (MessageCodec.MalformedMessageException e) {
                log.warn("dropping malformed stream entry id={} error={}", message.getId(), e.getMessage());
            }
            handled.add(message.getId());
        }
        try {
            Map<Integer, RuntimeException> left = processor.processBatch(results);
            for (int i = 0; i < folding.size(); i++) {
                if (!left.containsKey(i)) {
                    handled.add(folding.get(i));
                }
            }
            if (!left.isEmpty()) {
                Map.Entry<Integer, RuntimeException> first =
                        left.entrySet().iterator().next();
                log.warn(
                        "results left pending, retried later count={} first={} monitor={} error={}",
                        left.size(),
                        folding.get(first.getKey()),
                        results.get(first.getKey()).monitorId(),
                        first.getValue().toString());
            }
        } finally {
            if (!handled.isEmpty()) {
                redis.xack(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP, handled.toArray(String[]::new));
            }
        }
    }

    /**
     * Deletes the entries that the actioners are done with, so that the stream does not grow for ever: those older
     * than the oldest entry still pending (delivered, not acknowledged), or, with none pending, every entry up to the
     * last one delivered. An entry not yet delivered or not yet acknowledged is never deleted. Returns how many went.
     */
    static long trimAcknowledged(RedisCommands<String, String> redis) {
        // Read the last delivered id before the pending list: whatever was delivered by then and is not pending
        // afterwards has been acknowledged.
        String lastDelivered =
                StreamGroups.lastDeliveredId(redis.xinfoGroups(RedisKeys.RESULTS_STREAM), RedisKeys.RESULTS_GROUP);
        if (lastDelivered == null || lastDelivered.equals("0-0")) {
            return 0;
        }
        PendingMessages pending = redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP);
        String keepFrom =
                pending.getCount() > 0 ? pending.getMessageIds().getLower().getValue() : following(lastDelivered);
        return redis.xtrim(RedisKeys.RESULTS_STREAM, XTrimArgs.Builder.minId(keepFrom));
    }

    /** The stream id right after {@code id} ("1700000000000-3" → "1700000000000-4"). */
    private static String following(String id) {
        int dash = id.indexOf('-');
        return id.substring(0, dash + 1) + (Long.parseLong(id.substring(dash + 1)) + 1);
    }

    @Override
    public void stop() {
        running = false;
        try {
            loop.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
