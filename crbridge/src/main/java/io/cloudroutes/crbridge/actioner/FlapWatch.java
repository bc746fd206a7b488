package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.store.reaction.HeldRuns;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends flap damping's holds once a monitor is stable again. Every second, on every actioner: one query for the runs
 * held as FLAPPING, one pipelined read of their monitors' live state; each run whose monitor no longer flaps is
 * released (by "flap damping: stable again"; of several actioners only one release counts), so that admission runs
 * again and finds whether the run is still due. It also forgets the flapping notices of stable monitors
 * ({@link FlapNotices}), so that their next spell is told of again.
 */
@Component
class FlapWatch extends EverySecond {

    private static final Logger log = LoggerFactory.getLogger(FlapWatch.class);

    static final String RELEASED_BY = "flap damping: stable again";

    private final HeldRuns heldRuns;
    private final FlapNotices notices;
    private final RedisAsyncCommands<String, String> redis;
    private final JobRunner runner;

    FlapWatch(
            HeldRuns heldRuns,
            FlapNotices notices,
            StatefulRedisConnection<String, String> connection,
            JobRunner runner) {
        super("flapping monitors' held runs");
        this.heldRuns = heldRuns;
        this.notices = notices;
        this.redis = connection.async();
        this.runner = runner;
    }

    @Override
    void runOnce() {
        releaseStable();
    }

    /** One round; returns the ids of the held runs this actioner released. */
    List<Long> releaseStable() {
        List<HeldRuns.Waiting> held = heldRuns.heldNow(Safeguards.HeldKind.FLAPPING.name());
        Map<String, String> told = notices.notices();
        Set<Long> monitors = new LinkedHashSet<>();
        held.forEach(run -> monitors.add(run.monitorId()));
        told.keySet().forEach(field -> monitors.add(FlapNotices.monitorOf(field)));
        if (monitors.isEmpty()) {
            return List.of();
        }
        Map<Long, Boolean> flapping = flapping(monitors);
        List<Long> released = new ArrayList<>();
        for (HeldRuns.Waiting run : held) {
            if (!flapping.get(run.monitorId()) && heldRuns.release(run.jobId(), RELEASED_BY)) {
                released.add(run.jobId());
                log.info("held run released, monitor stable again job={} monitor={}", run.jobId(), run.monitorId());
            }
        }
        told.keySet().stream()
                .filter(field -> !flapping.get(FlapNotices.monitorOf(field)))
                .forEach(field -> notices.forgetIfStable(FlapNotices.monitorOf(field), field));
        if (!released.isEmpty()) {
            runner.wake();
        }
        return released;
    }

    /** Whether each monitor flaps now, read in one pipelined round trip. */
    private Map<Long, Boolean> flapping(Set<Long> monitors) {
        Map<Long, RedisFuture<List<KeyValue<String, String>>>> reads = new LinkedHashMap<>();
        monitors.forEach(id -> reads.put(id, redis.hmget(RedisKeys.state(id), FlapState.FIELDS)));
        Map<Long, Boolean> flapping = new LinkedHashMap<>();
        try {
            for (Map.Entry<Long, RedisFuture<List<KeyValue<String, String>>>> read : reads.entrySet()) {
                flapping.put(
                        read.getKey(),
                        FlapState.of(read.getValue().get(5, TimeUnit.SECONDS)).flapping());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading monitors' flapping", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read monitors' flapping: " + e.getMessage(), e);
        }
        return flapping;
    }
}
