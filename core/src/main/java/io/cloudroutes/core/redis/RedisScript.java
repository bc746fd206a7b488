package io.cloudroutes.core.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.BaseRedisCommandBuilder;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lua script of CloudRoutes, and the one way every process runs one. The script is a {@code .lua} resource, read
 * once; it runs with EVALSHA (only its digest travels), loaded with SCRIPT LOAD the first time. Redis forgets loaded
 * scripts when it restarts, fails over to a replica or is told SCRIPT FLUSH; EVALSHA then answers NOSCRIPT, and the
 * script is loaded again and run again, once, which is safe because a refused EVALSHA ran nothing. Lettuce gives the
 * pieces (SCRIPT LOAD, EVALSHA, the digest, {@link RedisNoScriptException} for NOSCRIPT) but not this retry.
 *
 * <p>Three ways to run it, each with that retry: {@link #eval} waits for the reply, {@link #evalAsync} does not,
 * {@link #evalAll} sends the calls of a batch in one write and waits for all their replies. Only EVALSHA and SCRIPT
 * LOAD are sent, never EVAL, so a Redis user needs just those two ({@code infra/redis/users.acl.conf}).
 *
 * <p>A script is given its keys in {@code KEYS}; one that must reach keys it only finds while it runs (a claimed
 * monitor's definition) is given their prefix from {@link RedisKeys} in {@code ARGV} and says so at its top.
 *
 * <p>What an instance knows of Redis' script cache (loaded or not) is its own: a component holds its scripts as
 * fields, so that it loads each on its first use, as it did when it kept the digest itself.
 */
public final class RedisScript {

    private static final Logger log = LoggerFactory.getLogger(RedisScript.class);

    private final String name;
    private final String source;
    /** The script's SHA1 as Redis knows it; computed on first use (Lettuce's digest, no round trip). */
    private volatile String digest;
    /** Whether this script was loaded into the Redis last spoken to, as far as this process knows. */
    private volatile boolean loaded;

    private RedisScript(String name, String source) {
        this.name = name;
        this.source = source;
    }

    /**
     * The script in resource {@code resource} next to {@code anchor} (e.g. {@code of(Schedule.class,
     * "claim-due.lua")}), read now; throws when it is missing, so that a process without its script fails at start.
     */
    public static RedisScript of(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing Lua script " + resource + " next to " + anchor.getName() + " on the class path");
            }
            return new RedisScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource the script was read from, for messages. */
    public String name() {
        return name;
    }

    /** The script's text. */
    public String source() {
        return source;
    }

    /**
     * Loads the script into Redis now, e.g. at a process's start so that a Redis user without SCRIPT LOAD is noticed
     * then; returns its digest.
     */
    public String load(RedisScriptingCommands<String, String> redis) {
        String loadedAs = redis.scriptLoad(source);
        digest = loadedAs;
        loaded = true;
        return loadedAs;
    }

    /** Runs the script and waits for its reply, as a synchronous Lettuce command does (its timeout, its exceptions). */
    public <T> T eval(
            RedisScriptingCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        String sha = loaded ? digest(redis) : load(redis);
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            reloading();
            return redis.evalsha(load(redis), type, keys, args);
        }
    }

    /** Runs the script without waiting: the future completes with its reply, or fails as the command failed. */
    public <T> CompletableFuture<T> evalAsync(
            RedisScriptingAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        return evalAsync(redis, type, keys, args, () -> {});
    }

    /**
     * The same, calling {@code reloaded} when Redis had lost the script and it is sent again: a command sent on the
     * connection after this call then ran before the script, not after it. The script goes out before this returns
     * (the first time right behind its SCRIPT LOAD, without waiting for it), so commands sent after it run after it
     * unless {@code reloaded} is called.
     */
    public <T> CompletableFuture<T> evalAsync(
            RedisScriptingAsyncCommands<String, String> redis,
            ScriptOutputType type,
            String[] keys,
            String[] args,
            Runnable reloaded) {
        if (!loaded) {
            // Redis runs a connection's commands in order: the EVALSHA right behind finds the script loaded.
            redis.scriptLoad(source).thenAccept(ignored -> loaded = true);
        }
        RedisFuture<T> first = redis.evalsha(digest(redis), type, keys, args);
        return first.toCompletableFuture().<T>thenApply(reply -> reply).exceptionallyCompose(failure -> {
            if (!(unwrapped(failure) instanceof RedisNoScriptException)) {
                return CompletableFuture.failedFuture(unwrapped(failure));
            }
            reloading();
            reloaded.run();
            return redis.scriptLoad(source)
                    .thenCompose(sha -> {
                        loaded = true;
                        return redis.<T>evalsha(sha, type, keys, args);
                    })
                    .toCompletableFuture();
        });
    }

    /** One run of the script in a batch: its keys and arguments. */
    public record Call(String[] keys, String[] args) {}

    /**
     * Runs the calls in their order, sent in one write on {@code connection} (pipelined: Redis runs them one after
     * another as given, and they share a round trip), and waits for all their replies, at most the connection's
     * timeout; element <i>i</i> is the reply of call <i>i</i>, or failed for that call alone (a reply not there in
     * time fails with {@link RedisCommandTimeoutException}). Every future is done when this returns.
     *
     * <p>After Redis lost the script, the calls it refused ran nothing: the script is loaded again and those calls
     * are sent again, in order, once. Only if another client loaded the script while the batch ran (another process,
     * after a restart of Redis) can a later call have run before an earlier refused one.
     *
     * <p>The batch goes out through {@link StatefulRedisConnection#dispatch(Collection)}, not with auto-flush off:
     * Lettuce sends commands buffered while it reconnects (a Redis restart, a Sentinel failover) only at the next
     * flush, and a batch written then would wait for its timeout. Give it a connection of its own, so that a large
     * batch does not hold up the replies of the shared one's other users.
     */
    public <T> List<CompletableFuture<T>> evalAll(
            StatefulRedisConnection<String, String> connection, ScriptOutputType type, List<Call> calls) {
        List<CompletableFuture<T>> replies = new ArrayList<>(Collections.nCopies(calls.size(), null));
        List<Integer> toRun = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            toRun.add(i);
        }
        for (int attempt = 0; attempt < 2 && !toRun.isEmpty(); attempt++) {
            if (attempt > 0) {
                reloading();
            }
            String sha = loaded && attempt == 0 ? digest(connection.sync()) : load(connection.sync());
            List<CompletableFuture<T>> sent = send(connection, sha, type, calls, toRun);
            List<Integer> refused = new ArrayList<>();
            for (int k = 0; k < toRun.size(); k++) {
                CompletableFuture<T> reply = sent.get(k);
                if (attempt == 0
                        && reply.isCompletedExceptionally()
                        && reply.exceptionNow() instanceof RedisNoScriptException) {
                    refused.add(toRun.get(k));
                } else {
                    replies.set(toRun.get(k), reply);
                }
            }
            toRun = refused;
        }
        return replies;
    }

    /** Sends the calls at these positions in one write, in order, and waits for all their replies. */
    private <T> List<CompletableFuture<T>> send(
            StatefulRedisConnection<String, String> connection,
            String sha,
            ScriptOutputType type,
            List<Call> calls,
            List<Integer> positions) {
        Evalsha evalsha = new Evalsha(connection.getCodec());
        List<AsyncCommand<String, String, T>> commands = new ArrayList<>(positions.size());
        for (int position : positions) {
            Call call = calls.get(position);
            commands.add(new AsyncCommand<>(evalsha.<T>command(sha, type, call.keys(), call.args())));
        }
        connection.dispatch(commands);
        List<CompletableFuture<T>> replies = new ArrayList<>(commands.size());
        // a future of each reply that is not the command itself: one that times out here is failed without touching
        // the command, whose reply Lettuce still reads in its turn
        commands.forEach(command -> replies.add(command.toCompletableFuture().thenApply(reply -> reply)));
        awaitAll(replies, connection.getTimeout());
        return replies;
    }

    /** Lettuce's own EVALSHA command, with the output Lettuce picks for a {@link ScriptOutputType}, for a batch. */
    private static final class Evalsha extends BaseRedisCommandBuilder<String, String> {

        Evalsha(RedisCodec<String, String> codec) {
            super(codec);
        }

        <T> io.lettuce.core.protocol.Command<String, String, T> command(
                String sha, ScriptOutputType type, String[] keys, String[] args) {
            CommandArgs<String, String> arguments = new CommandArgs<>(codec)
                    .add(sha)
                    .add(keys.length)
                    .addKeys(keys)
                    .addValues(args);
            return createCommand(CommandType.EVALSHA, newScriptOutput(codec, type), arguments);
        }
    }

    /**
     * Waits for every reply, at most {@code timeout} for them all; a reply not there by then fails with a timeout, as
     * a synchronous command would.
     */
    private static void awaitAll(Collection<? extends CompletableFuture<?>> replies, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<?> reply : replies) {
            try {
                reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                reply.completeExceptionally(
                        new RedisCommandTimeoutException("Redis did not answer within " + timeout.toMillis() + " ms"));
            } catch (ExecutionException e) {
                // kept in the future, for its caller
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while waiting for Redis", e);
            }
        }
    }

    private String digest(RedisScriptingCommands<String, String> redis) {
        String known = digest;
        if (known == null) {
            known = redis.digest(source);
            digest = known;
        }
        return known;
    }

    private String digest(RedisScriptingAsyncCommands<String, String> redis) {
        String known = digest;
        if (known == null) {
            known = redis.digest(source);
            digest = known;
        }
        return known;
    }

    private void reloading() {
        loaded = false;
        log.info("Lua script {} missing from Redis (restarted, failed over or flushed), loading it again", name);
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
