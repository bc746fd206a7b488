package io.cloudroutes.crbridge.bridge;

import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Notices within a second or two that Redis lost its data (FLUSHALL, a restart without persistence: the rebuild's
 * epoch key is gone) and rebuilds definitions, schedule and live status from PostgreSQL at once, instead of at the
 * next periodic rebuild minutes later, while no check would run. Runs on the bridge's one thread ({@link
 * OutboxApplier}), between outbox polls.
 */
@Component
class RedisLossWatch {

    private static final Logger log = LoggerFactory.getLogger(RedisLossWatch.class);

    private final Rebuilder rebuilder;
    private final CrbridgeProperties properties;
    private final Counter losses;
    private boolean failing;

    RedisLossWatch(Rebuilder rebuilder, CrbridgeProperties properties, MeterRegistry meters) {
        this.rebuilder = rebuilder;
        this.properties = properties;
        this.losses = Counter.builder("cloudroutes.bridge.redis.losses")
                .description("times Redis was found to have lost its data and was rebuilt at once")
                .register(meters);
    }

    void check() {
        try {
            if (rebuilder.redisLostItsData()) {
                log.warn("Redis has lost its data (no {} key), rebuilding it from PostgreSQL now", RedisKeys.EPOCH);
                losses.increment();
                rebuilder.rebuild();
            }
            if (failing) {
                log.info("Redis loss watch works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn(
                        "cannot tell whether Redis lost its data, retrying every {} ms error={}",
                        properties.bridge().lossCheckInterval().toMillis(),
                        e.toString());
                failing = true;
            }
        }
    }
}
