package io.cloudroutes.checks.redis;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.redis.ReplyOutput.Reply;
import io.cloudroutes.checks.support.Excerpts;
import io.cloudroutes.checks.support.Failures;
import io.cloudroutes.checks.support.GivenValues;
import io.cloudroutes.checks.support.NumericThreshold;
import io.cloudroutes.core.plugin.SettingValues;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Opens one connection to a Redis server, authenticates, selects the database and runs one read-only command, then
 * closes the connection. A fresh connection per run measures what a new client goes through (TCP, TLS, AUTH, the
 * {@code maxclients} limit), which a kept-open connection would hide.
 */
final class RedisCheck implements Check {

    /** The settings of one redis monitor. */
    record Config(
            String host,
            int port,
            String username,
            String password,
            int database,
            boolean tls,
            RedisCommand command,
            String field,
            Optional<NumericThreshold> threshold) {

        /**
         * The configuration of {@link RedisCheckType}'s settings, rejecting a command that is not an allowed read-only
         * one, an INFO field that is malformed or comes without its INFO command (or an INFO threshold without one), a
         * user name without a password and an incomplete threshold. {@code given} says which settings were filled in:
         * PING, the command used when none is given, takes no threshold.
         */
        static Config read(SettingValues values, GivenValues given) {
            String command = values.text("command");
            RedisCommand parsed = null;
            if (command != null) {
                try {
                    parsed = RedisCommand.parse(command);
                } catch (IllegalArgumentException e) {
                    values.reject("command", "Command " + e.getMessage());
                }
            }
            String field = values.text("field");
            if (given.has("field")) {
                if (field != null && (field.contains(":") || field.chars().anyMatch(Character::isWhitespace))) {
                    values.reject(
                            "field", "INFO field must be one field name without spaces or colons, e.g. used_memory");
                } else if (!given.has("command")) {
                    values.reject("field", "INFO field needs an INFO command, e.g. INFO memory");
                } else if (parsed != null && !parsed.isInfo()) {
                    values.reject("field", "INFO field only applies to an INFO command, e.g. INFO memory");
                }
            } else if (parsed != null && parsed.isInfo() && (given.has("operator") || given.has("value"))) {
                values.reject(
                        "field", "INFO field is required to compare an INFO reply with a threshold, e.g. used_memory");
            }
            if (given.has("username") && !given.has("password")) {
                values.reject("password", "Password is required when a user name is given");
            }
            Optional<NumericThreshold> threshold =
                    NumericThreshold.read(values, given, "command", "Command", "LLEN queue");
            if (values.anyRejected()) {
                return null;
            }
            return new Config(
                    values.text("host"),
                    values.integer("port", 6379),
                    values.text("username"),
                    values.text("password"),
                    values.integer("database", 0),
                    values.bool("tls"),
                    parsed,
                    field,
                    threshold);
        }

        String target() {
            return host + ":" + port;
        }

        /** Leaves the password out, so that logging a config never leaks it. */
        @Override
        public String toString() {
            return "Config[" + (username == null ? "" : username + "@") + target() + "/" + database + ", tls=" + tls
                    + ", password=" + (password == null ? "none" : "set") + ", command=" + command + ", field=" + field
                    + ", threshold=" + threshold.map(NumericThreshold::toString).orElse("none") + "]";
        }
    }

    /** An expected failure of one step of the run, with the reason to report. */
    private static final class Failed extends Exception {

        Failed(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final int MAX_VALUE_CHARS = 100;
    /** The most of a server's error a reason repeats: whoever answers on the port writes it. */
    static final int MAX_MESSAGE_CHARS = 200;

    private final Function<Duration, RedisClient> clients;
    private final Config config;

    RedisCheck(Function<Duration, RedisClient> clients, Config config) {
        this.clients = clients;
        this.config = config;
    }

    @Override
    public CheckOutcome run(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        RedisURI uri = RedisURI.builder()
                .withHost(config.host())
                .withPort(config.port())
                .withSsl(config.tls())
                .withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(timeout)
                // No CLIENT SETINFO while connecting: the connection is ready once TCP (and TLS) is, and every
                // command after that is one this run sends and times itself.
                .withLibraryName("")
                .withLibraryVersion("")
                .build();
        ConnectionFuture<StatefulRedisConnection<String, String>> connecting =
                clients.apply(timeout).connectAsync(StringCodec.UTF8, uri);
        StatefulRedisConnection<String, String> connection;
        try {
            connection = connecting.toCompletableFuture().get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            closeWhenConnected(connecting);
            return CheckOutcome.failed(noConnection(timeout), elapsed(start));
        } catch (ExecutionException e) {
            return CheckOutcome.failed(connectFailure(e.getCause(), timeout), elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeWhenConnected(connecting);
            return CheckOutcome.failed("check interrupted before it finished", elapsed(start));
        }
        try {
            RedisAsyncCommands<String, String> commands = connection.async();
            if (config.password() != null) {
                await(
                        config.username() == null
                                ? commands.auth(config.password())
                                : commands.auth(config.username(), config.password()),
                        "AUTH",
                        deadline,
                        timeout);
            }
            if (config.database() != 0) {
                await(commands.select(config.database()), "SELECT " + config.database(), deadline, timeout);
            }
            Reply reply = await(
                    commands.dispatch(
                            config.command().keyword(),
                            new ReplyOutput(),
                            config.command().args()),
                    config.command().toString(),
                    deadline,
                    timeout);
            return judge(reply, start);
        } catch (Failed e) {
            return CheckOutcome.failed(e.getMessage(), elapsed(start));
        } finally {
            connection.closeAsync();
        }
    }

    private CheckOutcome judge(Reply reply, long start) {
        RedisCommand command = config.command();
        String subject = command.toString();
        String verb = " returned ";
        String value = reply.text();
        if (reply.isList()) {
            return CheckOutcome.failed(
                    subject + " returned a list of " + reply.listLength() + " values, not a single value",
                    elapsed(start));
        }
        if (config.field() != null) {
            value = infoField(reply.text(), config.field());
            if (value == null) {
                return CheckOutcome.failed(subject + " has no field '" + config.field() + "'", elapsed(start));
            }
            subject = config.field();
            verb = " is ";
        }
        if (config.threshold().isEmpty()) {
            long latency = elapsed(start);
            if (command.isPing()) {
                return CheckOutcome.healthy(value + " in " + latency + " ms", latency);
            }
            if (command.isInfo() && config.field() == null) {
                return CheckOutcome.healthy(subject + " answered in " + latency + " ms", latency);
            }
            return CheckOutcome.healthy(subject + verb + shown(value) + " in " + latency + " ms", latency);
        }
        NumericThreshold threshold = config.threshold().get();
        BigDecimal number = NumericThreshold.parse(value);
        if (number == null) {
            return CheckOutcome.failed(
                    "reply " + (value == null ? "nil" : "'" + shorten(value) + "'") + " is not a number",
                    elapsed(start));
        }
        if (!threshold.accepts(number)) {
            return CheckOutcome.failed(subject + verb + value + ", expected " + threshold, elapsed(start));
        }
        long latency = elapsed(start);
        return CheckOutcome.healthy(
                subject + verb + value + " (expected " + threshold + ") in " + latency + " ms", latency);
    }

    /** The value of {@code field} in an INFO reply ("name:value" lines), or null when it has none. */
    private static String infoField(String info, String field) {
        if (info == null) {
            return null;
        }
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    private <T> T await(CompletionStage<T> reply, String what, long deadline, Duration timeout) throws Failed {
        try {
            return reply.toCompletableFuture().get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new Failed("no reply to " + what + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new Failed(commandFailure(e.getCause(), what, timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("check interrupted before it finished");
        }
    }

    private String commandFailure(Throwable error, String what, Duration timeout) {
        if (error instanceof RedisCommandExecutionException) {
            String message = String.valueOf(error.getMessage());
            if (message.startsWith("WRONGPASS")) {
                return "WRONGPASS: authentication failed for user '"
                        + (config.username() == null ? "default" : config.username()) + "'";
            }
            if (message.startsWith("NOAUTH")) {
                return "NOAUTH: authentication failed, the server requires a password";
            }
            return what + " failed: " + message(message);
        }
        if (error instanceof RedisCommandTimeoutException) {
            return "no reply to " + what + " within " + timeout.toMillis() + " ms";
        }
        return what + " failed: " + message(error.getMessage());
    }

    private String connectFailure(Throwable error, Duration timeout) {
        if (hasCause(error, ConnectTimeoutException.class)) {
            return noConnection(timeout);
        }
        if (hasCause(error, RedisCommandTimeoutException.class)) {
            return "no reply from " + config.target() + " within " + timeout.toMillis() + " ms";
        }
        if (hasCause(error, IOException.class)) {
            return Failures.describe(error, config.host(), config.port());
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "could not connect to " + config.target() + ": " + message(root.getMessage());
    }

    private String noConnection(Duration timeout) {
        return "no connection to " + config.target() + " within " + timeout.toMillis() + " ms";
    }

    /** A connection that arrives after the deadline is closed at once instead of leaking. */
    private static void closeWhenConnected(ConnectionFuture<StatefulRedisConnection<String, String>> connecting) {
        connecting.thenAccept(StatefulConnection::closeAsync);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** A server's message as a reason repeats it: its first {@value #MAX_MESSAGE_CHARS} characters. */
    private static String message(String text) {
        return Excerpts.cut(text, MAX_MESSAGE_CHARS);
    }

    private static String shown(String value) {
        return value == null ? "nil" : shorten(value);
    }

    private static String shorten(String value) {
        return Excerpts.cut(value, MAX_VALUE_CHARS);
    }
}
