package io.cloudroutes.worker;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.plugin.PluginRegistry;
import io.cloudroutes.core.plugin.Settings;
import io.cloudroutes.core.secret.SecretBox;
import io.cloudroutes.core.secret.SecretSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Runs one job's check with a hard deadline and turns whatever happens into a result; never throws. */
final class CheckRunner {

    /** Time a check gets beyond its own timeout before it is abandoned. */
    static final Duration GRACE = Duration.ofMillis(500);

    private final PluginRegistry<CheckType> types;
    private final ExecutorService checks;
    private final String zone;
    private final String workerId;
    private final BooleanSupplier abstaining;
    private final Optional<SecretBox> secrets;
    private final CheckServices services;

    CheckRunner(
            PluginRegistry<CheckType> types,
            ExecutorService checks,
            String zone,
            String workerId,
            BooleanSupplier abstaining,
            Optional<SecretBox> secrets,
            CheckServices services) {
        this.secrets = secrets;
        this.services = services;
        this.types = types;
        this.checks = checks;
        this.zone = zone;
        this.workerId = workerId;
        this.abstaining = abstaining;
    }

    CheckResult run(CheckJob job) {
        long started = System.currentTimeMillis();
        Optional<CheckType> found = types.find(job.checkType());
        if (found.isEmpty()) {
            return result(job, Status.FAILED, "this worker has no check type '" + job.checkType() + "'", 0, started);
        }
        if (!(found.get() instanceof PolledCheckType type)) {
            // the bridge never schedules a monitor of a pushed type; a job for one says so instead of running
            return result(
                    job,
                    Status.FAILED,
                    "check type '" + job.checkType() + "' is pushed to CloudRoutes; workers never run it",
                    0,
                    started);
        }
        Duration timeout = Duration.ofMillis(Math.max(1, job.timeoutMillis()));
        Map<String, String> settings;
        try {
            settings = SecretSettings.open(type.settings(), job.settings(), secrets, job.secretScope());
        } catch (SecretBox.SecretException e) {
            return result(job, Status.FAILED, e.getMessage(), 0, started);
        }
        Future<CheckOutcome> running =
                checks.submit(() -> type.create(Settings.withDefaults(type.settings(), settings), services)
                        .run(timeout));
        try {
            CheckOutcome outcome = running.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
            if (outcome.status() == Status.UNKNOWN) {
                // Not run for this worker's own limits: the target was not judged, so the result is recorded (with
                // its reason) but does not vote, as when the zone cannot reach its canary.
                return CheckResult.abstained(
                        job, zone, workerId, Status.FAILED, outcome.reason(), outcome.latencyMillis(), started);
            }
            return result(job, outcome.status(), outcome.reason(), outcome.latencyMillis(), started);
        } catch (TimeoutException e) {
            running.cancel(true);
            return result(
                    job,
                    Status.FAILED,
                    "check did not finish within " + timeout.toMillis() + " ms",
                    System.currentTimeMillis() - started,
                    started);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return result(
                    job,
                    Status.FAILED,
                    "check error: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
                    System.currentTimeMillis() - started,
                    started);
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return result(job, Status.FAILED, "worker stopped during the check", 0, started);
        }
    }

    private CheckResult result(CheckJob job, Status status, String reason, long latency, long checkedAt) {
        if (abstaining.getAsBoolean()) {
            return CheckResult.abstained(
                    job, zone, workerId, status, CheckResult.CANARY_DOWN + " (" + reason + ")", latency, checkedAt);
        }
        return CheckResult.checked(job, zone, workerId, status, reason, latency, checkedAt);
    }
}
