package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Folds results into monitor state in Redis with one Lua script per result. */
@Component
class StateFolder {

    private static final String SCRIPT = load();

    private final RedisCommands<String, String> redis;
    private volatile String sha;

    StateFolder(StatefulRedisConnection<String, String> connection) {
        this.redis = connection.sync();
    }

    /** The monitor's definition, or empty when the monitor was deleted (its results are then dropped). */
    Optional<MonitorDefinition> definition(long monitorId) {
        String json = redis.hget(RedisKeys.monitor(monitorId), RedisKeys.MONITOR_DEFINITION_FIELD);
        return json == null ? Optional.empty() : Optional.of(MessageCodec.fromJson(json, MonitorDefinition.class));
    }

    /**
     * Folds the result, and in the same atomic step records the decision it makes, if any, among the pending decisions
     * ({@link DecisionLedger} writes them to PostgreSQL); empty when it was folded before (a redelivery).
     */
    Optional<Fold> fold(CheckResult result, MonitorDefinition definition) {
        String[] keys = {RedisKeys.state(result.monitorId()), RedisKeys.recent(result.monitorId()),
                RedisKeys.seen(result.resultId()), RedisKeys.DECISIONS_PENDING, RedisKeys.DECISIONS_SEQUENCE};
        String[] args = {result.status().name(), result.reason(), result.zone(),
                String.valueOf(result.latencyMillis()), String.valueOf(result.checkedAtMillis()),
                String.valueOf(definition.failThreshold()), String.valueOf(definition.recoverThreshold()),
                MessageCodec.toJson(result), String.valueOf(RedisKeys.RECENT_RESULTS), definition.quorum().name(),
                String.valueOf(voteWindowMillis(definition)),
                result.abstaining() ? "1" : "0", definition.override() == null ? "" : definition.override().name(),
                result.resultId(), String.valueOf(Decision.MAX_TRIGGER), String.valueOf(result.monitorId()),
                triggerArgs(definition, Status.FAILED), triggerArgs(definition, Status.HEALTHY)};
        List<Object> reply = eval(keys, args);
        if (reply.size() == 1) {
            return Optional.empty();
        }
        return Optional.of(new Fold(Status.valueOf((String) reply.get(0)), Status.valueOf((String) reply.get(1)),
                ((Number) reply.get(2)).intValue() == 1, ((Number) reply.get(3)).intValue(),
                Status.valueOf((String) reply.get(4)), ((Number) reply.get(5)).intValue() == 1));
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

    private List<Object> eval(String[] keys, String[] args) {
        if (sha == null) {
            sha = redis.scriptLoad(SCRIPT);
        }
        try {
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        } catch (io.lettuce.core.RedisNoScriptException e) {
            // Redis restarted and lost its script cache.
            sha = redis.scriptLoad(SCRIPT);
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        }
    }

    private static String load() {
        try (InputStream in = StateFolder.class.getResourceAsStream("fold-result.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
