package io.cloudroutes.crweb.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The database part of crweb's health ({@code db}, also in the readiness group): UP when PostgreSQL answers a query
 * within {@code wait}, DOWN otherwise, so {@code /actuator/health} answers in about that long even when the database
 * is stalled. One probe runs at a time: health requests during a stall share it instead of each taking a connection
 * attempt.
 */
final class BoundedDatabaseHealth implements HealthIndicator, AutoCloseable {

    static final Duration DEFAULT_WAIT = Duration.ofMillis(800);

    private final DataSource dataSource;
    private final DatabaseOutage outage;
    private final Duration wait;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    BoundedDatabaseHealth(DataSource dataSource, DatabaseOutage outage, Duration wait) {
        this.dataSource = dataSource;
        this.outage = outage;
        this.wait = wait;
    }

    @Override
    public Health health() {
        try {
            probe().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            outage.cleared();
            return Health.up().withDetail("database", "PostgreSQL").build();
        } catch (TimeoutException e) {
            outage.seen();
            return Health.down()
                    .withDetail("error", "PostgreSQL did not answer within " + wait.toMillis() + " ms")
                    .build();
        } catch (ExecutionException e) {
            outage.record(e.getCause());
            return Health.down()
                    .withDetail("error", String.valueOf(e.getCause()))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }

    /** The probe in flight, or a new one when none is. */
    private synchronized CompletableFuture<Void> probe() {
        if (running.isDone()) {
            running = CompletableFuture.runAsync(this::query, probes);
        }
        return running;
    }

    private void query() {
        try (Connection connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
