package io.cloudroutes.worker;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a URL the worker's zone must always reach. While it fails, the worker's own network is suspect, so its
 * results are marked as abstaining and do not vote on any monitor's status.
 */
final class Canary implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Canary.class);
    static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String url;
    private final Check check;
    private final ScheduledExecutorService executor;
    private volatile boolean reachable = true;

    private Canary(String url, Check check) {
        this.url = url;
        this.check = check;
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("cram-worker-canary").factory());
    }

    /** A canary for {@code url}, checked now and then every {@link #INTERVAL}; null when no URL is configured. */
    static Canary start(String url, PluginRegistry<CheckType> types, CheckServices services) {
        if (url == null || url.isBlank()) {
            return null;
        }
        PolledCheckType http = types.find("http")
                .filter(PolledCheckType.class::isInstance)
                .map(PolledCheckType.class::cast)
                .orElseThrow(() -> new IllegalStateException("no http check type"));
        Map<String, String> settings = Map.of("url", url);
        Map<String, String> errors = http.validate(settings);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("CLOUDROUTES_CANARY_URL is not usable: " + errors.values());
        }
        // through the same egress guard as every check: a canary on a private address needs it allowed exactly
        Canary canary = new Canary(url, http.create(Settings.withDefaults(http.settings(), settings), services));
        canary.checkNow();
        canary.executor.scheduleWithFixedDelay(
                canary::checkNow, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return canary;
    }

    boolean reachable() {
        return reachable;
    }

    private void checkNow() {
        CheckOutcome outcome = check.run(TIMEOUT);
        boolean now = outcome.status() == Status.HEALTHY;
        if (now != reachable) {
            if (now) {
                log.info("canary reachable again, results vote url={}", url);
            } else {
                log.warn(
                        "canary unreachable, results of this zone do not vote url={} reason=\"{}\"",
                        url,
                        outcome.reason());
            }
        }
        reachable = now;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
