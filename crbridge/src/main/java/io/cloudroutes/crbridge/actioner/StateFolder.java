package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Folds results into monitor state in Redis with one Lua script per result, a batch of results at a time: the
 * definitions of the batch's monitors in one round trip, then the scripts of all its results in another, pipelined
 * (sent without waiting for replies) on a connection of its own, in the batch's order, so that Redis runs the results
 * of one monitor in the order given.
 */
@Component
class StateFolder implements AutoCloseable {

    private final RedisScript script = RedisScript.of(StateFolder.class, "fold-result.lua");
    private static final String UNRESTORED = "unrestored";

    private final RedisCommands<String, String> redis;
    /**
     * The batches' connection, so that a batch of a hundred scripts does not hold up the replies of the shared one's
     * other users. A batch goes out in one write ({@link StatefulRedisConnection#dispatch(Collection)}), in order; not
     * with auto-flush off, because Lettuce then sends commands buffered while it reconnects (a Redis restart, a
     * Sentinel failover) only at the next flush, and a batch written then would wait for its timeout.
     */
    private final StatefulRedisConnection<String, String> pipelined;

    private final FlapDamping flapDamping;

    @Autowired
    StateFolder(StatefulRedisConnection<String, String> connection, RedisClient client, CrbridgeProperties properties) {
        this(connection, client.connect(), FlapDamping.of(properties.flap()));
    }

    /** With the connection the batches are pipelined on, which this folder owns and closes. */
    StateFolder(StatefulRedisConnection<String, String> connection, StatefulRedisConnection<String, String> pipelined) {
        this(connection, pipelined, FlapDamping.DEFAULT);
    }

    StateFolder(
            StatefulRedisConnection<String, String> connection,
            StatefulRedisConnection<String, String> pipelined,
            FlapDamping flapDamping) {
        this.redis = connection.sync();
        this.pipelined = pipelined;
        this.flapDamping = flapDamping;
    }

    /** The monitor's definition, or empty when the monitor was deleted (its results are then dropped). */
    Optional<MonitorDefinition> definition(long monitorId) {
        return parsed(redis.hget(RedisKeys.monitor(monitorId), RedisKeys.MONITOR_DEFINITION_FIELD));
    }

    /**
     * The definitions of these monitors, read in one round trip: each one's definition, empty when Redis does not
     * hold the monitor, or failed (a definition that cannot be read, Redis not answering) for that monitor alone.
     * Every future is done when this returns.
     */
    Map<Long, CompletableFuture<Optional<MonitorDefinition>>> definitions(Collection<Long> monitorIds) {
        RedisCodec<String, String> codec = pipelined.getCodec();
        List<AsyncCommand<String, String, String>> reads = new ArrayList<>(monitorIds.size());
        for (long monitorId : monitorIds) {
            reads.add(new AsyncCommand<>(new Command<>(
                    CommandType.HGET,
                    new ValueOutput<>(codec),
                    new CommandArgs<>(codec)
                            .addKey(RedisKeys.monitor(monitorId))
                            .addKey(RedisKeys.MONITOR_DEFINITION_FIELD))));
        }
        pipelined.dispatch(reads);
        Map<Long, CompletableFuture<Optional<MonitorDefinition>>> definitions = new LinkedHashMap<>();
        int i = 0;
        for (long monitorId : monitorIds) {
            definitions.put(monitorId, ours(reads.get(i++)).thenApply(StateFolder::parsed));
        }
        awaitAll(definitions.values());
        return definitions;
    }

    /**
     * Folds one result, and in the same atomic step records the decision it makes, if any, among the pending decisions
     * ({@link DecisionLedger} writes them to PostgreSQL); empty when it was folded before (a redelivery).
     */
    Optional<Fold> fold(CheckResult result, MonitorDefinition definition) {
        return await(foldAll(List.of(foldCall(result, definition))).getFirst());
    }

    /**
     * Folds the results of these calls in their order, in one round trip, as {@link #fold} does each: element
     * <i>i</i> is the fold of call <i>i</i> (empty for a redelivery), or failed for that call alone. Every future is
     * done when this returns. After Redis lost its script cache (a restart), the script is loaded again and the folds
     * it refused are redone, in order.
     */
    List<CompletableFuture<Optional<Fold>>> foldAll(List<FoldCall> calls) {
        List<CompletableFuture<List<Object>>> replies = script.evalAll(
                pipelined,
                ScriptOutputType.MULTI,
                calls.stream()
                        .map(call -> new RedisScript.Call(call.keys(), call.withFlapDamping(flapDamping)))
                        .toList());
        // a list the caller may change: it puts the folds it redoes in place of the first ones
        List<CompletableFuture<Optional<Fold>>> folds = new ArrayList<>(replies.size());
        replies.forEach(reply -> folds.add(reply.thenApply(StateFolder::foldOf)));
        return folds;
    }

    /** The keys and arguments of {@code fold-result.lua} that fold this result into its monitor's state. */
    static FoldCall foldCall(CheckResult result, MonitorDefinition definition) {
        return foldCall(result, definition, false);
    }

    /**
     * The same, for a monitor whose status was {@code restored} from PostgreSQL just before: folded even when it has
     * no state while Redis is not rebuilt yet (PostgreSQL had no transition of it).
     */
    static FoldCall foldCall(CheckResult result, MonitorDefinition definition, boolean restored) {
        return foldCall(result, definition, restored, FoldKeys.LIVE);
    }

    /** The same, folding into these keys (a replay's scratch copy, or the live state). */
    static FoldCall foldCall(CheckResult result, MonitorDefinition definition, boolean restored, FoldKeys keys) {
        return call(
                keys,
                result.monitorId(),
                result.resultId(),
                result.status(),
                result.reason(),
                result.zone(),
                result.latencyMillis(),
                result.checkedAtMillis(),
                MessageCodec.toJson(result),
                result.abstaining(),
                definition,
                restored,
                false);
    }

    /**
     * The call that re-evaluates a monitor when its maintenance window ended: the status its zones give now is taken
     * at once, as a fold would take it, with the transition's decision (and so its reactions) if it changes. {@code
     * endId} names this end, so that of several actioners only one re-evaluates it; {@code reason} and {@code zone}
     * are the transition's.
     */
    static FoldCall reevaluationCall(
            long monitorId,
            MonitorDefinition definition,
            Status held,
            String endId,
            String reason,
            String zone,
            long atMillis) {
        return reevaluationCall(monitorId, definition, held, endId, reason, zone, atMillis, FoldKeys.LIVE);
    }

    /** The same, on these keys. */
    static FoldCall reevaluationCall(
            long monitorId,
            MonitorDefinition definition,
            Status held,
            String endId,
            String reason,
            String zone,
            long atMillis,
            FoldKeys keys) {
        return call(keys, monitorId, endId, held, reason, zone, 0, atMillis, "", false, definition, false, true);
    }

    private static FoldCall call(
            FoldKeys foldKeys,
            long monitorId,
            String resultId,
            Status status,
            String reason,
            String zone,
            long latencyMillis,
            long checkedAtMillis,
            String resultJson,
            boolean abstaining,
            MonitorDefinition definition,
            boolean restored,
            boolean reevaluating) {
        String[] keys = foldKeys.of(monitorId, resultId);
        String[] args = {
            status.name(),
            reason,
            zone,
            String.valueOf(latencyMillis),
            String.valueOf(checkedAtMillis),
            String.valueOf(definition.failThreshold()),
            String.valueOf(definition.recoverThreshold()),
            resultJson,
            String.valueOf(RedisKeys.RECENT_RESULTS),
            definition.quorum().name(),
            String.valueOf(voteWindowMillis(definition)),
            abstaining ? "1" : "0",
            definition.override() == null ? "" : definition.override().name(),
            resultId,
            String.valueOf(Decision.MAX_TRIGGER),
            String.valueOf(monitorId),
            triggerArgs(definition, Status.FAILED),
            triggerArgs(definition, Status.HEALTHY),
            restored ? "1" : "0",
            reevaluating ? "1" : "0",
            LIVE_NOW,
            "",
            ""
        };
        return new FoldCall(keys, args);
    }

    /** The script's "now" argument of a live fold: Redis' own clock. */
    private static final String LIVE_NOW = "";

    private static final int NOW_ARG = 20;
    private static final int FLAP_TRANSITIONS_ARG = 21;
    private static final int FLAP_WINDOW_ARG = 22;

    /** One result's call of {@code fold-result.lua}. */
    record FoldCall(String[] keys, String[] args) {

        /**
         * The same call folded at {@code nowMillis} instead of Redis' clock: for replaying history and for tests, which
         * must say when each result is folded. Live folds never use it (see {@code fold-result.lua} on why).
         */
        FoldCall at(long nowMillis) {
            String[] at = args.clone();
            at[NOW_ARG] = String.valueOf(nowMillis);
            return new FoldCall(keys, at);
        }

        /** Its arguments with these flap damping limits where the call does not name its own. */
        String[] withFlapDamping(FlapDamping damping) {
            String[] filled = args.clone();
            if (filled[FLAP_TRANSITIONS_ARG].isEmpty()) {
                filled[FLAP_TRANSITIONS_ARG] = String.valueOf(damping.transitions());
                filled[FLAP_WINDOW_ARG] = String.valueOf(damping.window().toMillis());
            }
            return filled;
        }
    }

    /**
     * A fold refused, writing nothing, because its monitor has no state while Redis lost its data and is not rebuilt
     * yet: the caller restores the monitor's status from PostgreSQL and folds again (see {@code fold-result.lua}).
     */
    static final class Unrestored extends IllegalStateException {
        Unrestored() {
            super("the monitor's status is not restored yet after Redis lost its data");
        }
    }

    /**
     * The counts of an episode of {@code status} at which the fold records a decision besides the transition, as the
     * script takes them: the triggers of the monitor's reactions running on it between commas ({@code ",3,5,"}, or
     * {@code ","} when none), or {@code "*"} when the definition does not say (written by an older bridge), for every
     * count up to {@link Decision#MAX_TRIGGER}.
     */
    static String triggerArgs(MonitorDefinition definition, Status status) {
        List<Integer> triggers = definition.reactionTriggersOn(status);
        if (triggers == null) {
            return "*";
        }
        StringBuilder arg = new StringBuilder(",");
        triggers.forEach(trigger -> arg.append(trigger).append(','));
        return arg.toString();
    }

    /**
     * A zone votes while its last result is younger than three intervals (at least a minute), by Redis' clock: the
     * script reads TIME itself, so actioners whose clocks disagree still agree on which zones vote.
     */
    static long voteWindowMillis(MonitorDefinition definition) {
        return Math.max(60_000L, 3_000L * definition.intervalSeconds());
    }

    private static Optional<Fold> foldOf(List<Object> reply) {
        if (reply.size() == 1) {
            if (UNRESTORED.equals(reply.getFirst())) {
                throw new Unrestored();
            }
            return Optional.empty();
        }
        return Optional.of(new Fold(
                Status.valueOf((String) reply.get(0)),
                Status.valueOf((String) reply.get(1)),
                ((Number) reply.get(2)).intValue() == 1,
                ((Number) reply.get(3)).intValue(),
                Status.valueOf((String) reply.get(4)),
                ((Number) reply.get(5)).intValue() == 1,
                ((Number) reply.get(6)).intValue() == 1,
                ((Number) reply.get(7)).intValue() == 1,
                ((Number) reply.get(8)).longValue()));
    }

    private static Optional<MonitorDefinition> parsed(String json) {
        return json == null ? Optional.empty() : Optional.of(MessageCodec.fromJson(json, MonitorDefinition.class));
    }

    /**
     * Waits for every reply, at most the connection's command timeout for them all; a reply not there by then fails
     * with a timeout, as a synchronous command would.
     */
    private void awaitAll(Collection<? extends CompletableFuture<?>> replies) {
        long deadline = System.nanoTime() + timeout().toNanos();
        for (CompletableFuture<?> reply : replies) {
            try {
                reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                reply.completeExceptionally(new RedisCommandTimeoutException(
                        "Redis did not answer within " + timeout().toMillis() + " ms"));
            } catch (ExecutionException e) {
                // kept in the future, for its caller
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while waiting for Redis", e);
            }
        }
    }

    private <T> T await(CompletableFuture<T> reply) {
        awaitAll(List.of(reply));
        try {
            return reply.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Duration timeout() {
        return pipelined.getTimeout();
    }

    /**
     * A future of the command's reply that is not the command itself: one that times out here is failed without
     * touching the command, whose reply Lettuce still reads in its turn.
     */
    private static <T> CompletableFuture<T> ours(RedisFuture<T> command) {
        return command.toCompletableFuture().thenApply(reply -> reply);
    }

    @Override
    public void close() {
        pipelined.close();
    }
}
