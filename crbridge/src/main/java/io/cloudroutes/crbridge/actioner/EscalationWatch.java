package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the escalation steps whose wait has passed. They wait in Redis, not in memory, so that a restart of the
 * actioner does not forget them; each is claimed by one actioner with one Lua script.
 */
@Component
class EscalationWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EscalationWatch.class);
    private static final String CLAIM = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
            for i = 1, #due do
              redis.call('ZREM', KEYS[1], due[i])
            end
            return due
            """;

    private final RedisCommands<String, String> redis;
    private final ReactionDispatcher dispatcher;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private boolean failing;

    EscalationWatch(StatefulRedisConnection<String, String> connection, ReactionDispatcher dispatcher, Clock clock) {
        this.redis = connection.sync();
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** Hands every step due by the clock to the dispatcher; returns how many there were. */
    int startDue() {
        List<Object> due = redis.eval(CLAIM, ScriptOutputType.MULTI, new String[] {RedisKeys.ESCALATIONS},
                String.valueOf(clock.millis()));
        for (Object json : due) {
            try {
                dispatcher.continueEscalation(MessageCodec.fromJson(String.valueOf(json),
                        ReactionDispatcher.PendingStep.class), clock.instant());
            } catch (RuntimeException e) {
                log.error("could not continue an escalation step error={}", e.toString());
            }
        }
        return due.size();
    }

    private void tick() {
        try {
            startDue();
            if (failing) {
                log.info("escalation steps are watched again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("cannot watch escalation steps, retrying every second error={}", e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("crbridge-escalations")
                .factory());
        executor.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
