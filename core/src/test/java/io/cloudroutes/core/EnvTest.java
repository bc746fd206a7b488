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
        Env env = Env.of(Map.of(
                "CLOUDROUTES_BROKER_FRONTEND",
                "tcp://broker:5555",
                "CLOUDROUTES_BROKER_FRONTEND_BIND",
                "tcp://*:5555"));
        ZmqEndpoints endpoints = ZmqEndpoints.fromEnv(env);
        assertThat(endpoints.brokerFrontend()).isEqualTo("tcp://broker:5555");
        assertThat(endpoints.brokerBackend()).isEqualTo(ZmqEndpoints.DEFAULT_BROKER_BACKEND);
        assertThat(ZmqEndpoints.bindAddress(env, "CLOUDROUTES_BROKER_FRONTEND_BIND", endpoints.brokerFrontend()))
                .isEqualTo("tcp://*:5555");
        assertThat(ZmqEndpoints.bindAddress(env, "CLOUDROUTES_BROKER_BACKEND_BIND", endpoints.brokerBackend()))
                .isEqualTo(ZmqEndpoints.DEFAULT_BROKER_BACKEND);
    }

    @Test
    void aBrokerSettingListsOneBrokerOrSeveralSeparatedByCommas() {
        assertThat(ZmqEndpoints.requireList("tcp://broker:5556", ZmqEndpoints.BROKER_BACKEND))
                .containsExactly("tcp://broker:5556");
        assertThat(ZmqEndpoints.requireList(" tcp://broker-a:5556 ,tcp://[fd00::5]:5556,", ZmqEndpoints.BROKER_BACKEND))
                .containsExactly("tcp://broker-a:5556", "tcp://[fd00::5]:5556");
        assertThatThrownBy(() -> ZmqEndpoints.requireList(
                        "tcp://broker-a:5556;tcp://broker-b:5556", ZmqEndpoints.BROKER_BACKEND))
                .hasMessageStartingWith("CLOUDROUTES_BROKER_BACKEND must list ZeroMQ endpoints (tcp://host:port) "
                        + "separated by commas")
                .hasMessageEndingWith("but 'tcp://broker-a:5556;tcp://broker-b:5556' is not one");
        assertThatThrownBy(() -> ZmqEndpoints.requireList("tcp://broker:99999", ZmqEndpoints.BROKER_FRONTEND))
                .hasMessageContaining("CLOUDROUTES_BROKER_FRONTEND")
                .hasMessageEndingWith("'tcp://broker:99999' is not one");
        assertThatThrownBy(() -> ZmqEndpoints.requireList(" , ", ZmqEndpoints.BROKER_FRONTEND))
                .hasMessageStartingWith("CLOUDROUTES_BROKER_FRONTEND must name at least one endpoint");
    }

    @Test
    void aBrokerBindsItsBindSettingOrTheOnlyEndpointAndIsToldWhichWhenSeveralAreListed() {
        Env one = Env.of(Map.of("CLOUDROUTES_BROKER_FRONTEND", "tcp://127.0.0.1:5555"));
        assertThat(ZmqEndpoints.brokerBindAddress(
                        one, "CLOUDROUTES_BROKER_FRONTEND_BIND", ZmqEndpoints.BROKER_FRONTEND, "tcp://127.0.0.1:5555"))
                .isEqualTo("tcp://127.0.0.1:5555");
        Env listedWithBind = Env.of(Map.of("CLOUDROUTES_BROKER_FRONTEND_BIND", "tcp://*:5555"));
        assertThat(ZmqEndpoints.brokerBindAddress(
                        listedWithBind,
                        "CLOUDROUTES_BROKER_FRONTEND_BIND",
                        ZmqEndpoints.BROKER_FRONTEND,
                        "tcp://broker-a:5555,tcp://broker-b:5555"))
                .isEqualTo("tcp://*:5555");
        assertThatThrownBy(() -> ZmqEndpoints.brokerBindAddress(
                        Env.of(Map.of()),
                        "CLOUDROUTES_BROKER_FRONTEND_BIND",
                        ZmqEndpoints.BROKER_FRONTEND,
                        "tcp://broker-a:5555,tcp://broker-b:5555"))
                .hasMessage("CLOUDROUTES_BROKER_FRONTEND lists 2 brokers (tcp://broker-a:5555,tcp://broker-b:5555): a "
                        + "broker binds one address, so set CLOUDROUTES_BROKER_FRONTEND_BIND (e.g. tcp://*:5555) for "
                        + "this broker");
        assertThatThrownBy(() -> ZmqEndpoints.brokerBindAddress(
                        Env.of(Map.of("CLOUDROUTES_BROKER_BACKEND_BIND", "tcp://*:5556,tcp://*:5557")),
                        "CLOUDROUTES_BROKER_BACKEND_BIND",
                        ZmqEndpoints.BROKER_BACKEND,
                        "tcp://broker:5556"))
                .hasMessage("CLOUDROUTES_BROKER_BACKEND_BIND names 2 addresses (tcp://*:5556,tcp://*:5557): a broker "
                        + "binds one, e.g. tcp://*:5555");
    }
}
