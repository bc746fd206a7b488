package io.cloudroutes.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.plugin.PluginType;
import org.junit.jupiter.api.Test;

class CheckTypeRegistryTest {

    @Test
    void findsTheBuiltInCheckTypesThroughTheServiceLoader() {
        assertThat(CheckType.registry().all()).extracting(PluginType::id).contains("http", "tcp");
        assertThat(CheckType.registry().find("http"))
                .get()
                .extracting(PluginType::name)
                .isEqualTo("HTTP(S) request");
    }
}
