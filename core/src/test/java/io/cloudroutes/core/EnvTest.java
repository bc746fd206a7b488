package io.cloudroutes.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void aBadNumberNamesTheVariableAndTheAllowedRange() {
        Env env = Env.of(Map.of("CLOUDROUTES_WORKER_CAPACITY", "lots", "CLOUDROUTES_PORT", "70000"));
        assertThatThrownBy(() -> env.getInt("CLOUDROUTES_WORKER_CAPACITY", 200, 1, 100_000))
                .hasMessage("CLOUDROUTES_WORKER_CAPACITY must be a whole number between 1 and 100000, but is 'lots'");
        assertThatThrownBy(() -> env.getInt("CLOUDROUTES_PORT", 8080, 0, 65535))
                .hasMessage("CLOUDROUTES_PORT must be between 0 and 65535, but is 70000");
    }

    @Test
    void blankValuesFallBackToTheDefault() {
        Env env = Env.of(Map.of("CLOUDROUTES_ZONE", "  "));
        assertThat(env.get("CLOUDROUTES_ZONE", "default")).isEqualTo("default");
        assertThat(env.getInt("CLOUDROUTES_OPS_PORT", 9101, 0, 65535)).isEqualTo(9101);
    }

    @Test
    void endpointsComeFromTheEnvironmentAndBindToThemselvesUnlessTold() {
        Env env = Env.of(Map.of("CLOUDROUTES_BROKER_FRONTEND", "tcp://broker:5555",
                "CLOUDROUTES_BROKER_FRONTEND_BIND", "tcp://*:5555"));
        ZmqEndpoints endpoints = ZmqEndpoints.fromEnv(env);
        assertThat(endpoints.brokerFrontend()).isEqualTo("tcp://broker:5555");
        assertThat(endpoints.brokerBackend()).isEqualTo(ZmqEndpoints.DEFAULT_BROKER_BACKEND);
        assertThat(ZmqEndpoints.bindAddress(env, "CLOUDROUTES_BROKER_FRONTEND_BIND", endpoints.brokerFrontend()))
                .isEqualTo("tcp://*:5555");
        assertThat(ZmqEndpoints.bindAddress(env, "CLOUDROUTES_BROKER_BACKEND_BIND", endpoints.brokerBackend()))
                .isEqualTo(ZmqEndpoints.DEFAULT_BROKER_BACKEND);
    }
}
