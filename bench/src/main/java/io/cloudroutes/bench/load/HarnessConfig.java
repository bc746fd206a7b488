package io.cloudroutes.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one harness run does, from system properties: {@code -Dbench.mode=standalone} (the standalone jar, one JVM with
 * its embedded databases) or {@code distributed} (PostgreSQL, Redis and each CloudRoutes process on its own, from the
 * modules' executable jars under {@code -Dbench.modules=.}), {@code -Dbench.steps=500,1000,2000} monitors (each an
 * http check every second, so checks/s offered), {@code -Dbench.duration=30} seconds measured per step after
 * {@code -Dbench.settle=10} seconds for the new monitors to be scheduled, {@code -Dbench.sampled=100} monitors whose
 * live status is read for the state's age, {@code -Dbench.probes=10} monitors that fail and recover on a timer, each
 * failure running a webhook reaction (detection → reaction), {@code -Dbench.jar=standalone/target/cloudroutes.jar}.
 */
record HarnessConfig(Mode mode, List<Integer> steps, Duration stepDuration, Duration settle, int sampledMonitors,
        int probes, Path standaloneJar, Path modulesDirectory, Duration startTimeout) {

    enum Mode { STANDALONE, DISTRIBUTED }

    static HarnessConfig fromSystemProperties() {
        List<Integer> steps = Arrays.stream(System.getProperty("bench.steps", "500,1000,2000").split(","))
                .map(String::trim).map(Integer::parseInt).sorted().toList();
        if (steps.isEmpty() || steps.getFirst() < 1) {
            throw new IllegalArgumentException("bench.steps: a comma-separated list of monitor counts above 0");
        }
        String mode = System.getProperty("bench.mode", "standalone").trim();
        if (!mode.equals("standalone") && !mode.equals("distributed")) {
            throw new IllegalArgumentException("bench.mode: standalone or distributed, not " + mode);
        }
        return new HarnessConfig(Mode.valueOf(mode.toUpperCase(Locale.ROOT)), steps,
                Duration.ofSeconds(Long.getLong("bench.duration", 30)),
                Duration.ofSeconds(Long.getLong("bench.settle", 10)),
                Integer.getInteger("bench.sampled", 100),
                Integer.getInteger("bench.probes", 10),
                Path.of(System.getProperty("bench.jar", "standalone/target/cloudroutes.jar")),
                Path.of(System.getProperty("bench.modules", ".")),
                Duration.ofSeconds(Long.getLong("bench.start-timeout", 180)));
    }
}
