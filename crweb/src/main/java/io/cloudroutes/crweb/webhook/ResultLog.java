package io.cloudroutes.crweb.webhook;

import io.cloudroutes.checks.push.AlertChange;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisScript;
import io.cloudroutes.crweb.system.CrwebProperties;
import io.cloudroutes.crweb.system.LiveRedis;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Appends webhook results to the durable results stream that the actioners consume. Every method returns only after
 * Redis confirmed the append, and throws a Lettuce {@code RedisException} otherwise, so an endpoint never answers 2xx
 * for a result that was not stored. When the primary has replicas, it also waits ({@code WAIT}) until a replica holds
 * the write, and throws {@link ReplicaAckException} if none confirms in time, so that a failover right after a 2xx
 * cannot lose the result. What it appended is kept a while by {@link AcceptedResults}, which appends it again if Redis
 * loses its data before an actioner has folded it.
 */
@Component
class ResultLog {

    /** How long a delivery id is remembered: longer than any sender retries. */
    static final long DELIVERY_MEMORY_SECONDS = 86_400;
    /** How many firing alerts an Alertmanager result's reason lists by name. */
    static final int LISTED_ALERTS = 5;
    /** How many labels an Alertmanager result's reason shows to tell alerts of the same name apart. */
    static final int DISTINGUISHING_LABELS = 3;
    /**
     * After how long a firing alert that no notification named again is forgotten (its 'resolved' was lost): longer
     * than any Alertmanager repeat_interval in use, which re-sends every firing alert of a group.
     */
    static final long FORGET_UNREPEATED_ALERT_SECONDS = Duration.ofDays(7).toSeconds();
    /** The most firing alerts kept per monitor; past it the ones named longest ago are forgotten. */
    static final int MOST_FIRING_ALERTS = 1_000;

    private static final String REASON_PLACEHOLDER = "\u0000reason\u0000";
    private final RedisScript appendOnceScript = RedisScript.of(ResultLog.class, "append-once.lua");
    private final RedisScript foldAlertsScript = RedisScript.of(ResultLog.class, "fold-alerts.lua");

    private final LiveRedis redis;
    private final CrwebProperties.Redis settings;
    private final AcceptedResults accepted;

    ResultLog(LiveRedis redis, CrwebProperties properties, AcceptedResults accepted) {
        this.redis = redis;
        this.settings = properties.redis();
        this.accepted = accepted;
    }

    /** Appends the result. */
    void append(CheckResult result) {
        String json = MessageCodec.toJson(result);
        writeAwaitingReplicas(
                async -> async.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, json))
                        .toCompletableFuture(),
                () -> false,
                entryId -> accepted.appended(result.monitorId(), json));
    }

    /** Appends the result unless delivery {@code deliveryId} of the monitor was appended before; true if appended. */
    boolean appendOnce(String deliveryId, CheckResult result) {
        String json = MessageCodec.toJson(result);
        // Also when it was appended before: a retry after a 503 waits again for that earlier write to be replicated.
        Long appended = evalAwaitingReplicas(
                appendOnceScript,
                ScriptOutputType.INTEGER,
                new String[] {RedisKeys.delivery(result.monitorId(), deliveryId), RedisKeys.RESULTS_STREAM},
                done -> {
                    if (done == 1) {
                        accepted.appended(result.monitorId(), json);
                    }
                },
                String.valueOf(DELIVERY_MEMORY_SECONDS),
                RedisKeys.RESULTS_STREAM_FIELD,
                json);
        return appended == 1;
    }

    /** What an Alertmanager notification made of the monitor. */
    record AlertsFolded(Status status, int firing, String reason) {}

    /**
     * Applies the alerts to those firing for the monitor and appends one result in the same step: FAILED while any
     * alert is firing, HEALTHY once none is. {@code failed} and {@code healthy} are the results to append; the
     * failed one's reason is replaced by the list of firing alerts, e.g. {@code 2 alerts firing: HighLatency
     * (instance=a:9100): p99 above 2s; HighLatency (instance=b:9100): p99 above 2s}.
     */
    AlertsFolded foldAlerts(long monitorId, List<AlertChange> changes, CheckResult failed, CheckResult healthy) {
        String template = MessageCodec.toJson(failed.withReason(REASON_PLACEHOLDER));
        String quoted = MessageCodec.toJson(REASON_PLACEHOLDER);
        int at = template.indexOf(quoted);
        List<String> args = new ArrayList<>(List.of(
                RedisKeys.RESULTS_STREAM_FIELD,
                MessageCodec.toJson(healthy),
                template.substring(0, at),
                template.substring(at + quoted.length()),
                String.valueOf(LISTED_ALERTS),
                String.valueOf(DISTINGUISHING_LABELS),
                String.valueOf(FORGET_UNREPEATED_ALERT_SECONDS),
                String.valueOf(MOST_FIRING_ALERTS)));
        for (AlertChange change : changes) {
            args.add(change.fingerprint());
            args.add(change.firing() ? "firing" : "resolved");
            args.add(change.firing() ? stored(change) : "");
        }
        List<Object> reply = evalAwaitingReplicas(
                foldAlertsScript,
                ScriptOutputType.MULTI,
                new String[] {RedisKeys.alerts(monitorId), RedisKeys.RESULTS_STREAM},
                done -> {
                    // the result the script appended: the healthy one, or the failed one with the list of firing alerts
                    AlertsFolded folded = alertsFolded(done);
                    accepted.appended(
                            monitorId,
                            folded.status() == Status.FAILED
                                    ? MessageCodec.toJson(failed.withReason(folded.reason()))
                                    : MessageCodec.toJson(healthy));
                },
                args.toArray(String[]::new));
        return alertsFolded(reply);
    }

    /** The JSON kept in the hash of firing alerts: {@code {"n": name, "s": summary, "l": {labels}}}. */
    private static String stored(AlertChange change) {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("n", change.name());
        stored.put("s", change.summary());
        stored.put("l", new TreeMap<>(change.labels()));
        return MessageCodec.toJson(stored);
    }

    private static AlertsFolded alertsFolded(List<Object> reply) {
        return new AlertsFolded(
                Status.valueOf((String) reply.get(0)), ((Number) reply.get(1)).intValue(), (String) reply.get(2));
    }

    /** Runs the script as {@link #writeAwaitingReplicas} writes. */
    private <T> T evalAwaitingReplicas(
            RedisScript script, ScriptOutputType type, String[] keys, Consumer<T> confirmed, String... args) {
        AtomicBoolean ranAgain = new AtomicBoolean();
        return writeAwaitingReplicas(
                async -> script.evalAsync(async, type, keys, args, () -> ranAgain.set(true)), ranAgain::get, confirmed);
    }

    /**
     * Sends the write, hands its reply to {@code confirmed} (Redis holds the write) and then waits for the replicas as
     * {@link #awaitReplicas} does. The write and, when the replica count decides how many must confirm, the read of
     * that count go out together and are answered in one round trip: Redis runs a connection's commands in the order
     * sent, so the count is read right after the write, as a read sent after the write's answer would.
     * {@code writtenAgain} says whether the write was sent once more (a script, after Redis lost its script cache):
     * the count read behind the first attempt is then not the one after the write, and it is read again.
     */
    private <T> T writeAwaitingReplicas(
            Function<RedisAsyncCommands<String, String>, CompletableFuture<T>> write,
            BooleanSupplier writtenAgain,
            Consumer<T> confirmed) {
        StatefulRedisConnection<String, String> connection = redis.connection();
        RedisAsyncCommands<String, String> async = connection.async();
        CompletableFuture<T> reply = write.apply(async);
        RedisFuture<String> replication = settings.replicaAcks() < 0 ? async.info("replication") : null;
        T done = awaitOrCancel(reply, connection.getTimeout());
        confirmed.accept(done);
        if (writtenAgain.getAsBoolean()) {
            awaitReplicas(connection.sync());
            return done;
        }
        int wanted = replication == null
                ? settings.replicaAcks()
                : connectedReplicas(LettuceFutures.awaitOrCancel(
                                        replication, connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS))
                                > 0
                        ? 1
                        : 0;
        awaitReplicas(connection.sync(), wanted);
        return done;
    }

    /**
     * The reply, waited for as {@link LettuceFutures#awaitOrCancel} waits for a command: cancelled and a
     * {@link RedisCommandTimeoutException} after {@code timeout}, the command's own exception when it failed.
     */
    private static <T> T awaitOrCancel(CompletableFuture<T> reply, Duration timeout) {
        try {
            return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reply.cancel(true);
            throw new RedisCommandTimeoutException("Command timed out after " + timeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }

    /**
     * Waits until the configured number of replicas hold every write this connection made so far. WAIT counts the
     * writes of the connection, which every append of this process shares, so it also covers a write made by a request
     * that was answered 503 before.
     */
    private void awaitReplicas(RedisCommands<String, String> commands) {
        awaitReplicas(
                commands,
                settings.replicaAcks() >= 0
                        ? settings.replicaAcks()
                        : connectedReplicas(commands.info("replication")) > 0 ? 1 : 0);
    }

    private void awaitReplicas(RedisCommands<String, String> commands, int wanted) {
        if (wanted == 0) {
            return;
        }
        long confirmed =
                commands.waitForReplication(wanted, settings.replicaAckTimeout().toMillis());
        if (confirmed < wanted) {
            throw new ReplicaAckException(wanted, confirmed, settings.replicaAckTimeout());
        }
    }

    /** {@code connected_slaves} of {@code INFO replication}: how many replicas the primary has now. */
    private static int connectedReplicas(String replicationInfo) {
        for (String line : replicationInfo.split("\r?\n")) {
            if (line.startsWith("connected_slaves:")) {
                return Integer.parseInt(
                        line.substring("connected_slaves:".length()).trim());
            }
        }
        return 0;
    }
}
