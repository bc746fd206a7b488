package io.cloudroutes.checks.postgres;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.support.Excerpts;
import io.cloudroutes.checks.support.Failures;
import io.cloudroutes.checks.support.GivenValues;
import io.cloudroutes.checks.support.NumericThreshold;
import io.cloudroutes.core.plugin.SettingValues;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.PSQLException;

/**
 * Opens one connection to a PostgreSQL database, optionally runs a query in a READ ONLY transaction and compares the
 * first value it returns with a threshold.
 *
 * <p>Deliberately no connection pool: a connectivity check must measure what a new client of the database goes
 * through (TCP, TLS, authentication, a free connection slot). A pooled connection would keep reporting HEALTHY while
 * new clients are refused because {@code max_connections} is reached or the password was rotated.
 */
final class PostgresCheck implements Check {

    /** The settings of one postgres monitor. */
    record Config(
            String host,
            int port,
            String database,
            String user,
            String password,
            String sslmode,
            String query,
            Optional<NumericThreshold> threshold) {

        /**
         * The configuration of {@link PostgresCheckType}'s settings, rejecting a query that is not one statement and a
         * threshold that is incomplete or has no query; {@code given} says which settings were filled in.
         */
        static Config read(SettingValues values, GivenValues given) {
            String query = values.text("query");
            if (query != null) {
                String problem = SqlStatements.singleStatementProblem(query);
                if (problem != null) {
                    values.reject("query", "Query " + problem);
                }
            }
            Optional<NumericThreshold> threshold =
                    NumericThreshold.read(values, given, "query", "Query", "select count(*) from jobs");
            if (values.anyRejected()) {
                return null;
            }
            return new Config(
                    values.text("host"),
                    values.integer("port", 5432),
                    values.text("database"),
                    values.text("user"),
                    values.text("password"),
                    values.text("sslmode"),
                    query == null ? null : query.strip(),
                    threshold);
        }

        String target() {
            return host + ":" + port;
        }

        String url() {
            String hostPart = host.contains(":") ? "[" + host + "]" : host;
            return "jdbc:postgresql://" + hostPart + ":" + port + "/"
                    + URLEncoder.encode(database, StandardCharsets.UTF_8);
        }

        /** Leaves the password out, so that logging a config never leaks it. */
        @Override
        public String toString() {
            return "Config[" + user + "@" + target() + "/" + database + ", sslmode=" + sslmode + ", query=" + query
                    + ", threshold=" + threshold.map(NumericThreshold::toString).orElse("none") + "]";
        }
    }

    private static final int MAX_VALUE_CHARS = 100;
    /** The most of a server's message a reason repeats: whoever answers on the port writes it. */
    static final int MAX_MESSAGE_CHARS = 200;

    private final Config config;
    private final String egressKey;

    /** {@code egressKey} names the egress guard the driver's sockets go through ({@link GuardedSockets}). */
    PostgresCheck(Config config, String egressKey) {
        this.config = config;
        this.egressKey = egressKey;
    }

    @Override
    public CheckOutcome run(Duration timeout) {
        long start = System.nanoTime();
        Attempt attempt = new Attempt(config, egressKey, timeout, start);
        CompletableFuture<CheckOutcome> outcome = new CompletableFuture<>();
        // JDBC blocks; a virtual thread is cheap, and lets this thread return at the deadline whatever the driver does.
        Thread.ofVirtual().name("postgres-check " + config.target()).start(() -> {
            try {
                outcome.complete(attempt.execute());
            } catch (RuntimeException | Error e) {
                outcome.completeExceptionally(e);
            }
        });
        try {
            return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Whichever comes first wins: a result that arrives at the same instant is still reported.
            outcome.complete(CheckOutcome.failed(attempt.timeoutReason(), elapsed(start)));
            attempt.abandon();
            return outcome.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempt.abandon();
            return CheckOutcome.failed("check interrupted before it finished", elapsed(start));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return CheckOutcome.failed(
                    "check failed unexpectedly: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
                    elapsed(start));
        }
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /**
     * One run on its own thread. At the deadline the caller abandons it: the running statement is cancelled on the
     * server and the connection dropped, so a hung query neither keeps a server backend busy nor keeps a thread.
     */
    private static final class Attempt {

        private final Config config;
        private final String egressKey;
        private final Duration timeout;
        private final long start;
        private final long deadline;
        private final ReentrantLock lock = new ReentrantLock();
        private Connection connection;
        private Statement statement;
        private boolean abandoned;
        private volatile boolean connected;

        Attempt(Config config, String egressKey, Duration timeout, long start) {
            this.config = config;
            this.egressKey = egressKey;
            this.timeout = timeout;
            this.start = start;
            this.deadline = start + timeout.toNanos();
        }

        CheckOutcome execute() {
            Connection opened;
            try {
                opened = DriverManager.getConnection(config.url(), connectionProperties());
            } catch (SQLException e) {
                return failed(connectFailure(e));
            }
            try {
                if (!adopt(opened)) {
                    return failed(timeoutReason());
                }
                connected = true;
                if (config.query() == null) {
                    long latency = elapsed(start);
                    return CheckOutcome.healthy(
                            "connected to " + config.target() + "/" + config.database() + " in " + latency + " ms",
                            latency);
                }
                return query(opened);
            } catch (SQLException e) {
                return failed(queryFailure(e));
            } finally {
                try {
                    opened.close();
                } catch (SQLException ignored) {
                    // Closing after an abort may complain; the outcome is already decided.
                }
            }
        }

        private Properties connectionProperties() {
            String seconds = String.valueOf(Math.max(1, (remainingMillis() + 999) / 1000));
            Properties properties = new Properties();
            properties.setProperty("user", config.user());
            if (config.password() != null && !config.password().isEmpty()) {
                properties.setProperty("password", config.password());
            }
            properties.setProperty("sslmode", config.sslmode());
            if ("verify-full".equals(config.sslmode())) {
                // The driver's default wants ~/.postgresql/root.crt on every worker; the JVM trust store is where
                // operators already put their CAs. The host name is still verified for verify-full.
                properties.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
            }
            // Whole seconds are all the driver takes: they bound the driver's own waits; the deadline is enforced by
            // run(). loginTimeout is 0 on purpose: with it the driver starts a platform thread per connection attempt
            // to watch the clock, which run() already does; it also ignores a JVM-wide DriverManager.setLoginTimeout.
            properties.setProperty("connectTimeout", seconds);
            properties.setProperty("socketTimeout", seconds);
            properties.setProperty("cancelSignalTimeout", seconds);
            properties.setProperty("loginTimeout", "0");
            properties.setProperty("ApplicationName", "CloudRoutes monitor");
            // Every socket the driver opens (the connection, a cancel request) is the egress guard's.
            properties.setProperty("socketFactory", GuardedSockets.class.getName());
            properties.setProperty("socketFactoryArg", egressKey);
            return properties;
        }

        private CheckOutcome query(Connection c) throws SQLException {
            // The driver splits on semicolons by the server's string syntax; validation assumed the default syntax.
            String problem = SqlStatements.singleStatementProblem(
                    config.query(), c.unwrap(BaseConnection.class).getStandardConformingStrings());
            if (problem != null) {
                return failed("query " + problem);
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                if (!adopt(s)) {
                    return failed(timeoutReason());
                }
                // Said explicitly rather than through setReadOnly, whose effect depends on driver settings. The
                // statement_timeout makes the server itself stop the query at the deadline.
                s.execute("SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = " + Math.max(1, remainingMillis()));
                s.setMaxRows(1);
                boolean hasRows = s.execute(config.query());
                return judge(hasRows ? s.getResultSet() : null);
            } finally {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // The connection is closed right after; the server rolls back then anyway.
                }
            }
        }

        private CheckOutcome judge(ResultSet rows) throws SQLException {
            Optional<NumericThreshold> threshold = config.threshold();
            if (rows == null || !rows.next()) {
                if (threshold.isPresent()) {
                    return failed("query returned no rows");
                }
                long latency = elapsed(start);
                return CheckOutcome.healthy(
                        (rows == null ? "query ran" : "query returned no rows") + " in " + latency + " ms", latency);
            }
            String value = rows.getString(1);
            if (threshold.isEmpty()) {
                long latency = elapsed(start);
                return CheckOutcome.healthy("query returned " + shown(value) + " in " + latency + " ms", latency);
            }
            BigDecimal number = NumericThreshold.parse(value);
            if (number == null) {
                return failed(
                        "query result " + (value == null ? "NULL" : "'" + shorten(value) + "'") + " is not a number");
            }
            if (!threshold.get().accepts(number)) {
                return failed("query returned " + value + ", expected " + threshold.get());
            }
            long latency = elapsed(start);
            return CheckOutcome.healthy(
                    "query returned " + value + " (expected " + threshold.get() + ") in " + latency + " ms", latency);
        }

        private String connectFailure(SQLException e) {
            String state = e.getSQLState();
            if ("28P01".equals(state)) {
                return "authentication failed for user '" + config.user() + "'";
            }
            if ("28000".equals(state)) {
                // e.g. no pg_hba.conf entry, or a role that may not log in: the server's words say which.
                return "authentication failed for user '" + config.user() + "': " + serverMessage(e);
            }
            if ("3D000".equals(state)) {
                return "database \"" + config.database() + "\" does not exist";
            }
            if (hasCause(e, SocketTimeoutException.class)) {
                return "no connection to " + config.target() + " within " + timeout.toMillis() + " ms";
            }
            if (hasCause(e, IOException.class)) {
                return Failures.describe(e, config.host(), config.port());
            }
            return "could not connect to " + config.target() + "/" + config.database() + ": " + serverMessage(e);
        }

        private String queryFailure(SQLException e) {
            String state = e.getSQLState();
            if ("57014".equals(state) || hasCause(e, SocketTimeoutException.class)) {
                return timeoutReason();
            }
            if ("25006".equals(state)) {
                return "query refused, monitors may only read: " + serverMessage(e);
            }
            if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return "query failed: " + message(p.getServerErrorMessage().getMessage());
            }
            return "connection to " + config.target() + " failed during the query: " + message(e.getMessage());
        }

        String timeoutReason() {
            return connected
                    ? "query did not finish within " + timeout.toMillis() + " ms"
                    : "no connection to " + config.target() + " within " + timeout.toMillis() + " ms";
        }

        /** Keeps the connection for {@link #abandon}, or closes it when the run was already abandoned. */
        private boolean adopt(Connection c) {
            lock.lock();
            try {
                connection = c;
                return !abandoned;
            } finally {
                lock.unlock();
            }
        }

        private boolean adopt(Statement s) {
            lock.lock();
            try {
                statement = s;
                return !abandoned;
            } finally {
                lock.unlock();
            }
        }

        /** Cancels the running statement on the server and drops the connection, without waiting for either. */
        void abandon() {
            Connection c;
            Statement s;
            lock.lock();
            try {
                abandoned = true;
                c = connection;
                s = statement;
            } finally {
                lock.unlock();
            }
            if (c == null) {
                return; // still connecting: execute() closes the connection as soon as it has one
            }
            Thread.ofVirtual().name("postgres-check-abort " + config.target()).start(() -> {
                try {
                    if (s != null) {
                        s.cancel();
                    }
                } catch (SQLException ignored) {
                    // The server stops it at statement_timeout anyway.
                }
                try {
                    c.abort(Runnable::run);
                } catch (SQLException ignored) {
                    // Already closed.
                }
            });
        }

        private CheckOutcome failed(String reason) {
            return CheckOutcome.failed(reason, elapsed(start));
        }

        private long remainingMillis() {
            return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        }
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return message(p.getServerErrorMessage().getMessage());
        }
        return message(e.getMessage());
    }

    /** A server's or driver's message as a reason repeats it: its first {@value #MAX_MESSAGE_CHARS} characters. */
    private static String message(String text) {
        return Excerpts.cut(text, MAX_MESSAGE_CHARS);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String shown(String value) {
        return value == null ? "NULL" : shorten(value);
    }

    private static String shorten(String value) {
        return Excerpts.cut(value, MAX_VALUE_CHARS);
    }
}
