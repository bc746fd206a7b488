package io.cloudroutes.crbridge.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.SettingNames;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.actioner.ActionerInfrastructure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * crbridge reads the settings it shares with crweb and the cram processes under the same names and by the same rules
 * (core's): a bad value stops it at start with a message naming the variable, as it stops them.
 */
class SettingsAtStartTest {

    static final Map<String, String> infrastructure = new LinkedHashMap<>();

    @BeforeAll
    static void servers() throws IOException {
        ActionerInfrastructure.start((name, value) -> infrastructure.put(name, String.valueOf(value.get())));
    }

    /** crbridge as a deployment starts it, on the test's databases, with these variables. */
    private static ConfigurableApplicationContext start(Map<String, Object> variables) {
        List<String> args = new ArrayList<>();
        infrastructure.forEach((name, value) -> {
            if (!variables.containsKey(SettingNames.variable(name))) {
                args.add("--" + name + "=" + value);
            }
        });
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env(variables));
        return CrbridgeApplication.builder()
                .environment(environment)
                .web(WebApplicationType.NONE)
                .registerShutdownHook(false)
                .run(args.toArray(String[]::new));
    }

    /** Variables as the process's environment holds them, so that Spring maps them to properties as it does there. */
    private static SystemEnvironmentPropertySource env(Map<String, Object> variables) {
        return new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
    }

    private static Binder variables(Map<String, Object> variables) {
        return new Binder(ConfigurationPropertySources.from(env(variables)));
    }

    @Test
    void aBadValueOfASharedSettingStopsCrbridgeAtStartNamingTheVariable() {
        // Spring names the property, core's rule the variable
        assertThatThrownBy(() ->
                        start(Map.of("CLOUDROUTES_REDIS_URL", "localhost:6379")).close())
                .hasStackTraceContaining("Failed to bind properties under 'cloudroutes.redis'")
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_REDIS_URL must be a Redis URL");
        assertThatThrownBy(() -> start(Map.of("CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES", "1024"))
                        .close())
                .hasStackTraceContaining("Failed to bind properties under 'cloudroutes.zmq'")
                .rootCause()
                .hasMessage("CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES must be between 4096 and 268435456, but is 1024");
        assertThatThrownBy(() ->
                        start(Map.of("CLOUDROUTES_SECRET_KEY", "not a key")).close())
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_SECRET_KEY is not base64");
    }

    @Test
    void flapDampingIsBoundFromItsVariablesAndABadValueNamesIt() {
        CrbridgeProperties.Flap flap = variables(
                        Map.of("CLOUDROUTES_FLAP_TRANSITIONS", "3", "CLOUDROUTES_FLAP_WINDOW", "5m"))
                .bindOrCreate("cloudroutes", CrbridgeProperties.class)
                .flap();
        assertThat(flap.transitions()).isEqualTo(3);
        assertThat(flap.window()).isEqualTo(java.time.Duration.ofMinutes(5));
        CrbridgeProperties.Flap defaults = variables(Map.of())
                .bindOrCreate("cloudroutes", CrbridgeProperties.class)
                .flap();
        assertThat(defaults.transitions()).isEqualTo(5);
        assertThat(defaults.window()).isEqualTo(java.time.Duration.ofMinutes(10));

        assertThatThrownBy(() -> variables(Map.of("CLOUDROUTES_FLAP_TRANSITIONS", "0"))
                        .bindOrCreate("cloudroutes", CrbridgeProperties.class))
                .rootCause()
                .hasMessage("CLOUDROUTES_FLAP_TRANSITIONS must be between 1 and 100, but is 0");
        assertThatThrownBy(() -> variables(Map.of("CLOUDROUTES_FLAP_WINDOW", "0s"))
                        .bindOrCreate("cloudroutes", CrbridgeProperties.class))
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_FLAP_WINDOW must be at least 1s (e.g. 10m), but is PT0S");
    }

    @Test
    void breakerLimitsAreBoundFromTheirVariablesAndABadValueNamesIt() {
        CrbridgeProperties.Safeguards breaker = variables(Map.of(
                        "CLOUDROUTES_SAFEGUARDS_SHARE_PERCENT", "25",
                        "CLOUDROUTES_SAFEGUARDS_WINDOW", "2m",
                        "CLOUDROUTES_SAFEGUARDS_DISRUPTIVE_RUNS", "3",
                        "CLOUDROUTES_SAFEGUARDS_SETTLE", "45s"))
                .bindOrCreate("cloudroutes", CrbridgeProperties.class)
                .safeguards();
        assertThat(breaker.sharePercent()).isEqualTo(25);
        assertThat(breaker.window()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(breaker.disruptiveRuns()).isEqualTo(3);
        assertThat(breaker.settle()).isEqualTo(java.time.Duration.ofSeconds(45));
        CrbridgeProperties.Safeguards defaults = variables(Map.of())
                .bindOrCreate("cloudroutes", CrbridgeProperties.class)
                .safeguards();
        assertThat(defaults.sharePercent()).isEqualTo(30);
        assertThat(defaults.window()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(defaults.settle()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(defaults.notifyAddresses()).isEmpty();

        assertThatThrownBy(() -> variables(Map.of("CLOUDROUTES_SAFEGUARDS_SHARE_PERCENT", "0"))
                        .bindOrCreate("cloudroutes", CrbridgeProperties.class))
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_SAFEGUARDS_SHARE_PERCENT must be between 1 and 100, but is 0");
        assertThatThrownBy(() -> variables(Map.of("CLOUDROUTES_SAFEGUARDS_SETTLE", "1h"))
                        .bindOrCreate("cloudroutes", CrbridgeProperties.class))
                .rootCause()
                .hasMessageStartingWith(
                        "CLOUDROUTES_SAFEGUARDS_SETTLE must be between 0s and 10m (e.g. 30s), but is PT1H");
    }

    @Test
    void sharedSettingsAreBoundFromTheirVariablesUnderTheNamesCrwebUses() {
        CrbridgeProperties properties = variables(Map.of(
                        "CLOUDROUTES_REDIS_URL", "redis://cloudroutes-crbridge:pw@redis:6379",
                        "CLOUDROUTES_MAIL_FROM", "CloudRoutes <alerts@example.com>",
                        "CLOUDROUTES_PUBLIC_URL", "https://cr.example.com",
                        "CLOUDROUTES_RESULTS_ENDPOINT", "tcp://crbridge-a:5557,tcp://crbridge-b:5557",
                        "CLOUDROUTES_RESULTS_BIND", "tcp://*:5557"))
                .bindOrCreate("cloudroutes", CrbridgeProperties.class);
        assertThat(properties.redis().url()).isEqualTo("redis://cloudroutes-crbridge:pw@redis:6379");
        assertThat(properties.mail().from()).isEqualTo("CloudRoutes <alerts@example.com>");
        assertThat(properties.linkBase()).isEqualTo("https://cr.example.com");
        assertThat(properties.results().bindAddress()).isEqualTo("tcp://*:5557");
        assertThat(variables(Map.of()).bindOrCreate("cloudroutes", CrbridgeProperties.class))
                .satisfies(defaults -> {
                    assertThat(defaults.redis().url()).isEqualTo("redis://localhost:6379");
                    assertThat(defaults.mail().from()).isEqualTo("cloudroutes@localhost");
                    assertThat(defaults.results().bindAddress()).isEqualTo("tcp://127.0.0.1:5557");
                });

        Map<String, String> refused = Map.of(
                "CLOUDROUTES_REDIS_URL", "redis:6379",
                "CLOUDROUTES_PUBLIC_URL", "cr.example.com",
                "CLOUDROUTES_MAIL_FROM", "alerts",
                "CLOUDROUTES_RESULTS_ENDPOINT", "crbridge:5557");
        refused.forEach((variable, value) -> assertThatThrownBy(
                        () -> variables(Map.of(variable, value)).bindOrCreate("cloudroutes", CrbridgeProperties.class))
                .as(variable)
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageStartingWith(variable + " must"));
        assertThatThrownBy(() -> variables(Map.of("CLOUDROUTES_RESULTS_ENDPOINT", "tcp://a:5557,tcp://b:5557"))
                        .bindOrCreate("cloudroutes", CrbridgeProperties.class))
                .rootCause()
                .hasMessageContaining("so set CLOUDROUTES_RESULTS_BIND (e.g. tcp://*:5557)");
        assertThatThrownBy(() -> variables(Map.of(
                                "CLOUDROUTES_ZMQ_SECRET_KEY",
                                TestPlane.ACTIONER.secretKey(),
                                "CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEYS",
                                "not-a-key"))
                        .bindOrCreate("cloudroutes.zmq", ZmqProperties.class))
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEYS must be a CURVE key");
        assertThatThrownBy(() -> variables(Map.of("CLOUDROUTES_OPS_TOKEN", "short"))
                        .bindOrCreate("cloudroutes.ops", OpsProperties.class))
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_OPS_TOKEN must be at least 16 characters");
    }
}
