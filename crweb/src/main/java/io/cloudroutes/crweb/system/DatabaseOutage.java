package io.cloudroutes.crweb.system;

import io.cloudroutes.crweb.api.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a PostgreSQL outage (unreachable, stalled, timed out) from other failures, and remembers the last one seen, so
 * that what can do without the database (live status, a cached API key) stops waiting for it while it is away. The
 * one definition of the 503 answer the API and the pages give during an outage.
 */
@Component
public class DatabaseOutage {

    /** How long clients are asked to wait before trying again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** After an outage was seen, how long callers that have another source skip the database without trying it. */
    static final Duration REMEMBERED = Duration.ofSeconds(3);

    // System.nanoTime of the last outage seen; a monotonic clock, so that a wall clock set back changes nothing
    private final AtomicLong lastSeenNanos = new AtomicLong();
    private volatile boolean seen;
    private final Counter unavailableAnswers;

    DatabaseOutage(MeterRegistry meters) {
        this.unavailableAnswers = Counter.builder("cloudroutes.crweb.database.unavailable.answers")
                .description("requests answered 503 because PostgreSQL could not be reached or did not answer in time")
                .register(meters);
    }

    /** The API's answer (with status 503 and {@link #RETRY_AFTER}). */
    public static ApiError apiError() {
        return ApiError.of(
                "database_unavailable",
                "the database cannot be reached just now; try again in a few "
                        + "seconds. A read changed nothing; a write changed nothing unless the database stalled while it "
                        + "committed, so read before you repeat it. Live status stays readable at /api/v1/monitors/{id}/status");
    }

    /** {@link #RETRY_AFTER} as the value of a Retry-After header. */
    public static String retryAfterHeader() {
        return String.valueOf(RETRY_AFTER.toSeconds());
    }

    /**
     * Whether {@code failure} (or one of its causes) says the database could not be reached or did not answer in time:
     * no connection from the pool, a broken or timed-out socket, a statement cancelled by its timeout, a server
     * shutting down.
     */
    public static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessResourceException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof org.hibernate.exception.JDBCConnectionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && (isOutageState(sql.getSQLState()) || isClosedByPool(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pool closes a connection that failed with a connection error; the rollback that follows then fails with this,
     * and Spring throws the rollback's failure instead of the original one.
     */
    private static boolean isClosedByPool(SQLException e) {
        return "Connection is closed".equals(e.getMessage())
                && e.getStackTrace().length > 0
                && e.getStackTrace()[0].getClassName().startsWith("com.zaxxer.hikari.");
    }

    /**
     * SQLSTATE class 08 (connection exception: refused, broken, timed out), 57P01-57P03 (the server shuts down or
     * cannot take connections now) and 57014 (statement cancelled, here by statement_timeout).
     */
    private static boolean isOutageState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("57014"));
    }

    /** Counts a request answered 503 for an outage. */
    public void answeredUnavailable() {
        unavailableAnswers.increment();
    }

    /** Records that the database just failed {@code failure}'s way, when it is an outage; returns whether it was. */
    public boolean record(Throwable failure) {
        if (!isCause(failure)) {
            return false;
        }
        seen();
        return true;
    }

    /** Records that the database just failed to answer. */
    public void seen() {
        lastSeenNanos.set(System.nanoTime());
        seen = true;
    }

    /** Whether an outage was seen within the last {@link #REMEMBERED}: callers with another source skip the database. */
    public boolean recentlySeen() {
        return seen && System.nanoTime() - lastSeenNanos.get() < REMEMBERED.toNanos();
    }

    /** The database answered: callers go to it again at once. */
    public void cleared() {
        seen = false;
    }

    /**
     * What the database says, or what was last read of it: {@code remembered} (null when nothing is) is answered
     * without asking while it is younger than {@code trustedFor} or an outage was seen within {@link #REMEMBERED},
     * and in place of the database's answer when the database cannot be reached; any other failure is thrown.
     */
    public <T> T readOrRemembered(T remembered, long rememberedAtNanos, Duration trustedFor, Supplier<T> database) {
        if (remembered != null && (System.nanoTime() - rememberedAtNanos < trustedFor.toNanos() || recentlySeen())) {
            return remembered;
        }
        try {
            return database.get();
        } catch (RuntimeException e) {
            if (remembered != null && record(e)) {
                return remembered;
            }
            throw e;
        }
    }
}
