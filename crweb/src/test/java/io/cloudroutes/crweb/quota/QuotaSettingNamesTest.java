package io.cloudroutes.crweb.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.crweb.monitor.ZoneProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The operator sets quotas and zones with exactly the environment variables the documentation names. */
class QuotaSettingNamesTest {

    private static Binder environment(Map<String, Object> variables) {
        return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource("env", variables)));
    }

    @Test
    void everyQuotaIsReadFromItsDocumentedVariable() {
        QuotaProperties quotas = environment(Map.of(
                        "CLOUDROUTES_QUOTA_MONITORS",
                        "7",
                        "CLOUDROUTES_QUOTA_REACTIONS",
                        "8",
                        "CLOUDROUTES_QUOTA_API_KEYS",
                        "9",
                        "CLOUDROUTES_QUOTA_TEST_RUNS_PER_MINUTE",
                        "0",
                        "CLOUDROUTES_QUOTA_EMAILS_PER_HOUR",
                        "11"))
                .bindOrCreate("cloudroutes.quota", QuotaProperties.class);
        assertThat(quotas).isEqualTo(new QuotaProperties(7, 8, 9, 0, 11));
    }

    @Test
    void theDefaultsSuitAHostedInstallation() {
        assertThat(environment(Map.of()).bindOrCreate("cloudroutes.quota", QuotaProperties.class))
                .isEqualTo(new QuotaProperties(500, 200, 25, 10, 100));
    }

    @Test
    void theZonesAreReadFromCloudroutesZonesAndDefaultToDefault() {
        assertThat(environment(Map.of("CLOUDROUTES_ZONES", "eu-west,us-east"))
                        .bindOrCreate("cloudroutes", ZoneProperties.class)
                        .zones())
                .containsExactly("eu-west", "us-east");
        assertThat(environment(Map.of())
                        .bindOrCreate("cloudroutes", ZoneProperties.class)
                        .zones())
                .containsExactly("default");
    }
}
