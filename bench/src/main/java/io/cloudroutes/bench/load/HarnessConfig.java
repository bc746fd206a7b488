package io.cloudroutes.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What one harness run does, from system properties: {@code -Dbench.steps=500,1000,2000} monitors (each an http
 * check every second, so checks/s offered), {@code -Dbench.duration=30} seconds measured per step after
 * {@code -Dbench.settle=10} seconds for the new monitors to be scheduled, {@code -Dbench.sampled=100} monitors whose
 * live status is read for the state's age, {@code -Dbench.probes=10} monitors that fail and recover on a timer, each
 * failure running a webhook reaction (detection → reaction), {@code -Dbench.jar=standalone/target/cloudroutes.jar}.
 */
record HarnessConfig(List<Integer> steps, Duration stepDuration, Duration settle, int sampledMonitors, int probes,
        Path standaloneJar, Duration startTimeout) {

    static HarnessConfig fromSystemProperties() {
        List<Integer> steps = Arrays.stream(System.getProperty("bench.steps", "500,1000,2000").split(","))
                .map(String::trim).map(Integer::parseInt).sorted().toList();
        if (steps.isEmpty() || steps.getFirst() < 1) {
            throw new IllegalArgumentException("bench.steps: a comma-separated list of monitor counts above 0");
        }
        return new HarnessConfig(steps,
                Duration.ofSeconds(Long.getLong("bench.duration", 30)),
                Duration.ofSeconds(Long.getLong("bench.settle", 10)),
                Integer.getInteger("bench.sampled", 100),
                Integer.getInteger("bench.probes", 10),
                Path.of(System.getProperty("bench.jar", "standalone/target/cloudroutes.jar")),
                Duration.ofSeconds(Long.getLong("bench.start-timeout", 180)));
    }
}
