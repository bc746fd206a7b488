package io.cloudroutes.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushedCheckTypesTest {

    @Test
    void theWebhookTypesArePushedAndCannotBeRunByAWorker() {
        for (String id : new String[] {"datadog", "alertmanager", "webhook"}) {
            CheckType type = CheckType.registry().find(id).orElseThrow();
            assertThat(type.pushed()).as(id).isTrue();
            // no worker can be handed one: a pushed type has no checks to create
            assertThat(type).as(id).isInstanceOf(PushedCheckType.class).isNotInstanceOf(PolledCheckType.class);
        }
        assertThat(CheckType.registry().find("webhook").orElseThrow().name()).isEqualTo("Generic webhook");
        assertThat(CheckType.registry().find("http").orElseThrow().pushed()).isFalse();
    }

    @Test
    void aDatadogWarningIsIgnoredUnlessTheUserChoosesOtherwise() {
        CheckType datadog = CheckType.registry().find("datadog").orElseThrow();
        assertThat(Settings.withDefaults(datadog.settings(), Map.of())).containsEntry("warnAs", "IGNORE");
        assertThat(datadog.validate(Map.of("warnAs", "FAILED"))).isEmpty();
        assertThat(datadog.validate(Map.of("warnAs", "CRITICAL")))
                .containsEntry("warnAs", "Treat a Datadog warning as must be one of IGNORE, FAILED, HEALTHY");
    }
}
