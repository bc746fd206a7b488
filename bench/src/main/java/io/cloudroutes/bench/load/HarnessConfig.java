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
 * Webhook steps ({@link WebhookLoad}) follow the http steps: {@code -Dbench.webhooks=1000,2500,5000} Datadog deliveries
 * per second offered (none by default) by {@code -Dbench.webhook-senders=100} connections to
 * {@code -Dbench.webhook-monitors=100} Datadog monitors, each step waiting up to {@code -Dbench.webhook-drain=60}
 * seconds for what was accepted to be recorded; {@code -Dbench.steps=} (empty) runs the webhook steps alone.
 */
record HarnessConfig(Mode mode, List<Integer> steps, Duration stepDuration, Duration settle, int sampledMonitors,
        int probes, Path standaloneJar, Path modulesDirectory, Duration startTimeout, List<Integer> webhookSteps,
        int webhookSenders, int webhookMonitors, Duration webhookDrain) {

    enum Mode { STANDALONE, DISTRIBUTED }

    static HarnessConfig fromSystemProperties() {
        List<Integer> steps = rates("bench.steps", "500,1000,2000");
        List<Integer> webhookSteps = rates("bench.webhooks", "");
        if (steps.isEmpty() && webhookSteps.isEmpty()) {
            throw new IllegalArgumentException("bench.steps or bench.webhooks: at least one step");
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
                Duration.ofSeconds(Long.getLong("bench.start-timeout", 180)),
                webhookSteps,
                Integer.getInteger("bench.webhook-senders", 100),
                Integer.getInteger("bench.webhook-monitors", 100),
                Duration.ofSeconds(Long.getLong("bench.webhook-drain", 60)));
    }

    /** A comma-separated list of rates above 0, in rising order; empty when the property is set empty. */
    private static List<Integer> rates(String property, String defaultValue) {
        String value = System.getProperty(property, defaultValue).trim();
        List<Integer> rates = value.isEmpty() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).sorted().toList();
        if (!rates.isEmpty() && rates.getFirst() < 1) {
            throw new IllegalArgumentException(property + ": a comma-separated list of rates above 0");
        }
        return rates;
    }
}
