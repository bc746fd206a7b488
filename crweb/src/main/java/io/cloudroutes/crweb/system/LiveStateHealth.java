package io.cloudroutes.crweb.system;

import io.cloudroutes.core.redis.RedisKeys;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code liveState} part of {@code /actuator/health}: {@code REBUILDING} (answered with 200, so that crweb keeps
 * taking webhooks) while the bridge restores live state after Redis lost its data, when statuses shown may be
 * missing; UP otherwise. Whether Redis can be reached at all is not crweb's health: it serves pages without it.
 */
@Component("liveStateHealthIndicator")
class LiveStateHealth implements HealthIndicator {

    static final Status REBUILDING = new Status("REBUILDING", "live state is being rebuilt after Redis lost its data");

    private final LiveRedis redis;

    LiveStateHealth(LiveRedis redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        String since;
        try {
            since = redis.connection().sync().get(RedisKeys.REBUILDING);
        } catch (RuntimeException e) {
            return Health.unknown().withDetail("redis", "cannot be reached").build();
        }
        if (since == null) {
            return Health.up().build();
        }
        return Health.status(REBUILDING)
                .withDetail("since", Instant.ofEpochMilli(Long.parseLong(since)))
                .build();
    }
}
