package io.cloudroutes.crbridge.bridge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How far Redis is behind PostgreSQL, for Prometheus: {@code cloudroutes.bridge.outbox.lag} is the age of the oldest
 * outbox entry no bridge has applied yet (0 when none waits), so a change a user saved and that no check follows yet
 * shows as a growing age. Read every 5 s by crbridge's scheduler, so that a scrape never waits for the database; NaN
 * while the database cannot say.
 */
@Component
class OutboxLag {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile double lagSeconds = Double.NaN;

    OutboxLag(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("cloudroutes.bridge.outbox.lag", this, lag -> lag.lagSeconds)
                .baseUnit("seconds")
                .description("age of the oldest outbox entry not applied to Redis yet; 0 when none waits")
                .register(meters);
    }

    @Scheduled(fixedDelay = 5, timeUnit = TimeUnit.SECONDS)
    void refresh() {
        try {
            // plain SQL: every repository query costs heap at the start of crweb, which shares the store module
            Timestamp oldest = jdbc.queryForObject("select min(created_at) from outbox", Timestamp.class);
            lagSeconds = oldest == null
                    ? 0
                    : Math.max(0, (clock.millis() - oldest.toInstant().toEpochMilli()) / 1000.0);
        } catch (RuntimeException e) {
            // OutboxApplier says that the database is away; here the gauge says "unknown" instead of a stale age
            lagSeconds = Double.NaN;
        }
    }
}
