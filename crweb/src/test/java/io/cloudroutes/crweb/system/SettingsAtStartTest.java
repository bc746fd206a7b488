package io.cloudroutes.crweb.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudroutes.core.config.SettingNames;
import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.monitor.ZoneProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * crweb reads the settings it shares with crbridge and the cram processes under the same names and by the same rules
 * (core's): a bad value stops it at start with a message naming the variable, as it stops them; and a property it
 * renamed to share a name is still read under the old name, with one warning naming the new one.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsAtStartTest {

    static TestInfrastructure infrastructure;

    @BeforeAll
    static void servers() throws IOException {
        infrastructure = TestInfrastructure.start();
    }

    @AfterAll
    static void stop() throws IOException {
        infrastructure.close();
    }

    /** crweb as a deployment starts it, on the test's databases, with these variables and arguments. */
    private static ConfigurableApplicationContext start(Map<String, Object> variables, String... arguments) {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        infrastructure.properties().forEach((name, value) -> {
            if (!variables.containsKey(SettingNames.variable(name))) {
                args.add("--" + name + "=" + value);
            }
        });
        args.addAll(List.of(arguments));
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return CrwebApplication.builder()
                .environment(environment)
                .registerShutdownHook(false)
                .run(args.toArray(String[]::new));
    }

    private static Binder variables(Map<String, Object> variables) {
        // named as the process's environment is, so that Spring maps variables to properties as it does there
        return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    @Test
    void aBadValueOfASharedSettingStopsCrwebAtStartNamingTheVariable() {
        assertThatThrownBy(() ->
                        start(Map.of("CLOUDROUTES_SECRET_KEY", "c2hvcnQ=")).close())
                .hasStackTraceContaining("Failed to bind properties under 'cloudroutes'")
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_SECRET_KEY must be 32 bytes in base64");
        assertThatThrownBy(
                        () -> start(Map.of(), "--cloudroutes.mail.from=alerts").close())
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_MAIL_FROM must be one email address");
    }

    @Test
    void theOldNameOfTheFromAddressStillWorksWithOneWarningNamingTheNewOne(CapturedOutput output) {
        try (ConfigurableApplicationContext crweb = start(Map.of(), "--cloudroutes.mail-from=old@example.com")) {
            assertThat(crweb.getBean(CrwebProperties.class).mail().from()).isEqualTo("old@example.com");
        }
        assertThat(output.getOut().split("cloudroutes.mail-from is deprecated", -1))
                .as("one warning")
                .hasSize(2);
        assertThat(output.getOut())
                .contains("cloudroutes.mail-from is deprecated and read for now: name it cloudroutes.mail.from "
                        + "(environment CLOUDROUTES_MAIL_FROM)");
    }

    @Test
    void sharedSettingsAreBoundFromTheirVariablesAndCheckedByCoresRules() {
        CrwebProperties properties = variables(Map.of(
                        "CLOUDROUTES_REDIS_URL", "redis://cloudroutes-crweb:pw@redis:6379",
                        "CLOUDROUTES_MAIL_FROM", "CloudRoutes <alerts@example.com>",
                        "CLOUDROUTES_PUBLIC_URL", "https://cr.example.com",
                        "CLOUDROUTES_SECRET_KEY", TestInfrastructure.SECRET_KEY,
                        "CLOUDROUTES_SMTP_HOST", "mail.example.com"))
                .bindOrCreate("cloudroutes", CrwebProperties.class);
        assertThat(properties.redis().url()).isEqualTo("redis://cloudroutes-crweb:pw@redis:6379");
        assertThat(properties.mail().from()).isEqualTo("CloudRoutes <alerts@example.com>");
        assertThat(properties.publicUrl()).isEqualTo("https://cr.example.com");
        assertThat(properties.smtp().host()).isEqualTo("mail.example.com");
        assertThat(variables(Map.of("CLOUDROUTES_SECRET_KEY", TestInfrastructure.SECRET_KEY))
                        .bindOrCreate("cloudroutes", CrwebProperties.class)
                        .mail()
                        .from())
                .isEqualTo("cloudroutes@localhost");

        Map<String, String> refused = Map.of(
                "CLOUDROUTES_REDIS_URL", "redis:6379",
                "CLOUDROUTES_PUBLIC_URL", "cr.example.com",
                "CLOUDROUTES_MAIL_FROM", "alerts");
        refused.forEach((variable, value) -> assertThatThrownBy(() -> variables(
                                Map.of(variable, value, "CLOUDROUTES_SECRET_KEY", TestInfrastructure.SECRET_KEY))
                        .bindOrCreate("cloudroutes", CrwebProperties.class))
                .as(variable)
                .isInstanceOf(BindException.class)
                .hasMessageContaining("cloudroutes")
                .rootCause()
                .hasMessageStartingWith(variable + " must be"));
        assertThatThrownBy(() -> variables(Map.of("CLOUDROUTES_ZONES", "eu-west,US East"))
                        .bindOrCreate("cloudroutes", ZoneProperties.class))
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_ZONES must list zone names");
        assertThatThrownBy(() -> variables(Map.of("CLOUDROUTES_OPS_TOKEN", "short"))
                        .bindOrCreate("cloudroutes.ops", OpsProperties.class))
                .rootCause()
                .hasMessageStartingWith("CLOUDROUTES_OPS_TOKEN must be at least 16 characters");
    }
}
