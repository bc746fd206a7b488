package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.config.Env;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Monitors of the standalone may name its own worker's zone, and any the operator lists for workers of their own. */
class StandaloneZonesTest {

    private static StandaloneConfig config(String zone, Map<String, String> properties) {
        return new StandaloneConfig(Path.of("data"), null, null, 0, zone, properties);
    }

    @Test
    void theBuiltInWorkersZoneIsAlwaysAZoneMonitorsMayName() {
        assertThat(Standalone.zones(config("default", Map.of()), Env.of(Map.of())))
                .isEqualTo("default");
        assertThat(Standalone.zones(config("eu-west", Map.of()), Env.of(Map.of())))
                .isEqualTo("eu-west");
    }

    @Test
    void zonesTheOperatorListsForTheirOwnWorkersAreAddedOnce() {
        assertThat(Standalone.zones(
                        config("eu-west", Map.of()), Env.of(Map.of("CLOUDROUTES_ZONES", "us-east, eu-west"))))
                .isEqualTo("eu-west,us-east");
        assertThat(Standalone.zones(
                        config("default", Map.of("cloudroutes.zones", "ap-south")),
                        Env.of(Map.of("CLOUDROUTES_ZONES", "us-east"))))
                .isEqualTo("default,ap-south");
    }
}
