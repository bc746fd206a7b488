package io.cloudroutes.control;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisTime;
import io.cloudroutes.core.redis.StreamGroups;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How far the actioners are behind: how long the oldest result that no actioner has read yet has waited in the results
 * stream, by Redis' clock. A stream entry's id is the time Redis appended it, so the first entry after the actioners'
 * consumer group's last-delivered id tells it in a few commands, whatever the stream's length. Results delivered and
 * not yet acknowledged do not count: a dead actioner's are claimed by another after a while, and must not stop checks.
 */
final class ResultsBacklog {

    private final RedisAsyncCommands<String, String> redis;

    ResultsBacklog(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.async();
    }

    /**
     * What the control sees at one look, by Redis' clock.
     *
     * @param oldestUnreadMillis how long the oldest unread result has waited; 0 when every result was read (or none
     *                           was ever sent)
     */
    record Look(long oldestUnreadMillis, long redisNowMillis) {}

    Look look() throws ExecutionException, InterruptedException, TimeoutException {
        RedisFuture<List<Object>> groups = redis.xinfoGroups(RedisKeys.RESULTS_STREAM);
        RedisFuture<List<String>> time = redis.time();
        String lastDelivered;
        try {
            lastDelivered = StreamGroups.lastDeliveredId(groups.get(10, TimeUnit.SECONDS), RedisKeys.RESULTS_GROUP);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException refused
                    && String.valueOf(refused.getMessage()).contains("no such key")) {
                // no result was ever sent
                return new Look(0, RedisTime.of(time.get(10, TimeUnit.SECONDS)).toEpochMilli());
            }
            throw e;
        }
        // without the group no actioner has read anything yet: every entry is unread
        Range<String> unread = lastDelivered == null
                ? Range.unbounded()
                : Range.from(Range.Boundary.excluding(lastDelivered), Range.Boundary.unbounded());
        List<StreamMessage<String, String>> oldest =
                redis.xrange(RedisKeys.RESULTS_STREAM, unread, Limit.from(1)).get(10, TimeUnit.SECONDS);
        long now = RedisTime.of(time.get(10, TimeUnit.SECONDS)).toEpochMilli();
        return new Look(
                oldest.isEmpty()
                        ? 0
                        : Math.max(0, now - appendedAt(oldest.getFirst().getId())),
                now);
    }

    /** The time Redis appended a stream entry: the first part of its id ("1700000000000-3"). */
    static long appendedAt(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
    }
}
