package io.cloudroutes.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * What one harness run does, from system properties: {@code -Dbench.mode=standalone} (the standalone jar, one JVM with
 * its embedded databases) or {@code distributed} (PostgreSQL, Redis and each CloudRoutes process on its own, from the
 * modules' executable jars under {@code -Dbench.modules=.}), {@code -Dbench.steps=500,1000,2000} checks/s offered, as
 * that many http monitors times {@code -Dbench.interval=1}, each checked every interval (seconds),
 * {@code -Dbench.duration=30} seconds measured per step after one interval plus {@code -Dbench.settle=10} seconds for
 * the new monitors to be scheduled, {@code -Dbench.sampled=100} monitors whose live status is read for the state's
 * age, {@code -Dbench.probes=10} monitors that fail and recover on a timer, each failure running a webhook reaction
 * (detection → reaction), {@code -Dbench.jar=standalone/target/cloudroutes.jar}.
 * Webhook steps ({@link WebhookLoad}) follow the http steps: {@code -Dbench.webhooks=1000,2500,5000} Datadog deliveries
 * per second offered (none by default) by {@code -Dbench.webhook-senders=100} connections to
 * {@code -Dbench.webhook-monitors=100} Datadog monitors, each step waiting up to {@code -Dbench.webhook-drain=60}
 * seconds for what was accepted to be recorded; {@code -Dbench.steps=} (empty) runs the webhook steps alone.
 *
 * @param interval how often each of a step's http monitors is checked: a step of n checks/s has n × interval monitors
 */
record HarnessConfig(
        Mode mode,
        List<Integer> steps,
        Duration interval,
        Duration stepDuration,
        Duration settle,
        int sampledMonitors,
        int probes,
        Path standaloneJar,
        Path modulesDirectory,
        Duration startTimeout,
        List<Integer> webhookSteps,
        int webhookSenders,
        int webhookMonitors,
        Duration webhookDrain) {

    enum Mode {
        STANDALONE,
        DISTRIBUTED
    }

    /** The longest interval taken: a step's monitors are created over one interval, then settle one more. */
    static final int MAX_INTERVAL_SECONDS = 3_600;

    static HarnessConfig fromSystemProperties() {
        return from(System.getProperties());
    }

    static HarnessConfig from(Properties properties) {
        List<Integer> steps = rates(properties, "bench.steps", "500,1000,2000");
        List<Integer> webhookSteps = rates(properties, "bench.webhooks", "");
        if (steps.isEmpty() && webhookSteps.isEmpty()) {
            throw new IllegalArgumentException("bench.steps or bench.webhooks: at least one step");
        }
        String mode = properties.getProperty("bench.mode", "standalone").trim();
        if (!mode.equals("standalone") && !mode.equals("distributed")) {
            throw new IllegalArgumentException("bench.mode: standalone or distributed, not " + mode);
        }
        Duration interval = interval(properties, steps);
        return new HarnessConfig(
                Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
                steps,
                interval,
                Duration.ofSeconds(whole(properties, "bench.duration", 30)),
                Duration.ofSeconds(whole(properties, "bench.settle", 10)),
                (int) whole(properties, "bench.sampled", 100),
                (int) whole(properties, "bench.probes", 10),
                Path.of(properties.getProperty("bench.jar", "standalone/target/cloudroutes.jar")),
                Path.of(properties.getProperty("bench.modules", ".")),
                Duration.ofSeconds(whole(properties, "bench.start-timeout", 180)),
                webhookSteps,
                (int) whole(properties, "bench.webhook-senders", 100),
                (int) whole(properties, "bench.webhook-monitors", 100),
                Duration.ofSeconds(whole(properties, "bench.webhook-drain", 60)));
    }

    /** The http monitors a step of {@code offeredPerSecond} checks/s runs: each checked once per interval. */
    int monitorsFor(int offeredPerSecond) {
        return Math.multiplyExact(offeredPerSecond, (int) interval.toSeconds());
    }

    /** Whole seconds from 1 to {@link #MAX_INTERVAL_SECONDS}, and few enough monitors at the last step to count. */
    private static Duration interval(Properties properties, List<Integer> steps) {
        String value = properties.getProperty("bench.interval", "1").trim();
        String expected = "bench.interval: seconds between a monitor's checks, a whole number from 1 to "
                + MAX_INTERVAL_SECONDS + ", not " + value;
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected, e);
        }
        if (seconds < 1 || seconds > MAX_INTERVAL_SECONDS) {
            throw new IllegalArgumentException(expected);
        }
        if (!steps.isEmpty() && (long) steps.getLast() * seconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bench.interval " + seconds + " with bench.steps up to "
                    + steps.getLast() + ": more monitors than the harness counts");
        }
        return Duration.ofSeconds(seconds);
    }

    private static long whole(Properties properties, String property, long defaultValue) {
        String value = properties.getProperty(property);
        try {
            return value == null ? defaultValue : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + ": a whole number, not " + value, e);
        }
    }

    /** A comma-separated list of rates above 0, in rising order; empty when the property is set empty. */
    private static List<Integer> rates(Properties properties, String property, String defaultValue) {
        String value = properties.getProperty(property, defaultValue).trim();
        List<Integer> rates = value.isEmpty()
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .map(Integer::parseInt)
                        .sorted()
                        .toList();
        if (!rates.isEmpty() && rates.getFirst() < 1) {
            throw new IllegalArgumentException(property + ": a comma-separated list of rates above 0");
        }
        return rates;
    }
}
