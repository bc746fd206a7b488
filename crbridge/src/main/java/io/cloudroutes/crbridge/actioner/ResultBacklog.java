package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How many results wait in each results stream, for Prometheus: {@code pending} were delivered to an actioner that has
 * not acknowledged them yet (folding, or an actioner that died: claimed again after 15 s), {@code length} is
 * everything the stream holds, including results no actioner has read yet. Read once a second, so that a scrape never
 * waits for Redis; NaN while Redis cannot say.
 */
@Component
class ResultBacklog extends EverySecond {

    /** The streams results reach the actioners through. */
    static final List<String> STREAMS = List.of(RedisKeys.RESULTS_STREAM);

    private final RedisCommands<String, String> redis;
    private final Map<String, Double> pending = new ConcurrentHashMap<>();
    private final Map<String, Double> length = new ConcurrentHashMap<>();

    ResultBacklog(StatefulRedisConnection<String, String> connection, MeterRegistry meters) {
        super("results backlog");
        this.redis = connection.sync();
        for (String stream : STREAMS) {
            pending.put(stream, Double.NaN);
            length.put(stream, Double.NaN);
            Gauge.builder("cloudroutes.actioner.results.pending", pending, values -> values.get(stream))
                    .tag("stream", stream)
                    .description("results delivered to an actioner and not acknowledged yet")
                    .register(meters);
            Gauge.builder("cloudroutes.actioner.results.stream.length", length, values -> values.get(stream))
                    .tag("stream", stream)
                    .description("results in the stream: not read yet, pending, or acknowledged and not trimmed yet")
                    .register(meters);
        }
    }

    @Override
    void runOnce() {
        for (String stream : STREAMS) {
            try {
                length.put(stream, (double) redis.xlen(stream));
                // a stream without the group yet (no actioner read it) has nothing pending
                pending.put(
                        stream,
                        redis.exists(stream) == 0
                                ? 0.0
                                : (double) redis.xpending(stream, RedisKeys.RESULTS_GROUP)
                                        .getCount());
            } catch (RuntimeException e) {
                pending.put(stream, Double.NaN);
                length.put(stream, Double.NaN);
                throw e;
            }
        }
    }
}
