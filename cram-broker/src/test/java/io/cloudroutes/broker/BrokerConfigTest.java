package io.cloudroutes.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.zmq.TestPlane;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broker's settings, read through the one reader: a bad value stops it at start with the variable's name. */
class BrokerConfigTest {

    private static Map<String, String> env() {
        return new HashMap<>(TestPlane.env(TestPlane.BROKER));
    }

    @Test
    void aBrokerBindsTheEndpointsControlsAndWorkersAreGivenUnlessTold() {
        Map<String, String> env = env();
        env.put("CLOUDROUTES_BROKER_FRONTEND", "tcp://cram-broker:5555");
        env.put("CLOUDROUTES_BROKER_BACKEND_BIND", "tcp://*:5556");
        BrokerConfig config = BrokerConfig.fromEnv(Env.of(env));
        assertThat(config.frontendBind()).isEqualTo("tcp://cram-broker:5555");
        assertThat(config.backendBind()).isEqualTo("tcp://*:5556");
        assertThat(config.security().maxMessageBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void sharedSettingsOutOfBoundsStopItNamingTheVariable() {
        Map<String, String> env = env();
        env.put("CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES", "1g");
        assertThatThrownBy(() -> BrokerConfig.fromEnv(Env.of(env)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES must be a whole number between 4096 and 268435456, but "
                        + "is '1g'");
        Map<String, String> withoutKey = env();
        withoutKey.remove("CLOUDROUTES_ZMQ_SECRET_KEY");
        assertThatThrownBy(() -> BrokerConfig.fromEnv(Env.of(withoutKey)))
                .hasMessageStartingWith("CLOUDROUTES_ZMQ_SECRET_KEY is required");
        Map<String, String> badEndpoint = env();
        badEndpoint.put("CLOUDROUTES_BROKER_FRONTEND", "cram-broker:5555");
        assertThatThrownBy(() -> BrokerConfig.fromEnv(Env.of(badEndpoint)))
                .hasMessageStartingWith("CLOUDROUTES_BROKER_FRONTEND must list ZeroMQ endpoints");
    }
}
