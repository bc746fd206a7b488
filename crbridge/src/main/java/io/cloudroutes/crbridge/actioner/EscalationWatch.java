package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the escalation steps whose wait has passed. They wait in Redis, not in memory, so that a restart of the
 * actioner does not forget them; each is claimed by one actioner with one Lua script.
 */
@Component
class EscalationWatch extends EverySecond {

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

    EscalationWatch(StatefulRedisConnection<String, String> connection, ReactionDispatcher dispatcher, Clock clock) {
        super("escalation steps");
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
                        ReactionDispatcher.PendingStep.class));
            } catch (RuntimeException e) {
                log.error("could not continue an escalation step error={}", e.toString());
            }
        }
        return due.size();
    }

    @Override
    void runOnce() {
        startDue();
    }
}
