package io.cloudroutes.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.zmq.TestPlane;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A control reads the settings it shares with other processes by their rules (core's), so a value crweb and crbridge
 * refuse stops it too, at start, with a message naming the variable.
 */
class ControlConfigTest {

    private static Map<String, String> env() {
        return new HashMap<>(TestPlane.env(TestPlane.CONTROL));
    }

    @Test
    void readsTheRedisUrlAsCrwebAndCrbridgeDo() {
        Map<String, String> env = env();
        assertThat(ControlConfig.fromEnv(Env.of(env)).redisUrl()).isEqualTo("redis://localhost:6379");
        env.put("CLOUDROUTES_REDIS_URL", "redis-sentinel://cloudroutes-control:pw@s1:26379,s2:26379#cloudroutes");
        assertThat(ControlConfig.fromEnv(Env.of(env)).redisUrl())
                .isEqualTo("redis-sentinel://cloudroutes-control:pw@s1:26379,s2:26379#cloudroutes");
    }

    @Test
    void aMalformedRedisUrlStopsItAtStartNamingTheVariableWithoutThePassword() {
        Map<String, String> env = env();
        env.put("CLOUDROUTES_REDIS_URL", "redis//cloudroutes-control:s3cret@redis:6379");
        assertThatThrownBy(() -> ControlConfig.fromEnv(Env.of(env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("CLOUDROUTES_REDIS_URL must be a Redis URL")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aZeroMqMessageLimitOutOfRangeStopsItAsItStopsCrbridge() {
        Map<String, String> env = env();
        env.put("CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES", "100");
        assertThatThrownBy(() -> ControlConfig.fromEnv(Env.of(env)))
                .hasMessage("CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES must be between 4096 and 268435456, but is 100");
    }
}
