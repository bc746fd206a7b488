package io.cloudroutes.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.plugin.PluginRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a worker answers for a job it cannot run: its type unknown here, or a type whose results are pushed. */
class CheckRunnerTest {

    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
    private final PluginRegistry<CheckType> types = CheckType.registry();

    @AfterEach
    void stop() {
        checks.shutdownNow();
        types.close();
    }

    private CheckResult run(String checkType) {
        long now = System.currentTimeMillis();
        CheckJob job = new CheckJob("job-1", 7, checkType, Map.of(), 1000, now, now, "default", null);
        return new CheckRunner(
                        types,
                        checks,
                        "default",
                        "worker-1",
                        () -> false,
                        Optional.empty(),
                        CheckServices.of(Egress.of(EgressPolicy.denyByDefault())))
                .run(job);
    }

    @Test
    void aJobOfATypeThisWorkerDoesNotHaveFailsSayingSo() {
        CheckResult result = run("carrier-owl");
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.reason()).isEqualTo("this worker has no check type 'carrier-owl'");
    }

    @Test
    void aJobOfAPushedTypeIsNotRunAndFailsSayingWhy() {
        for (String pushed : new String[] {"datadog", "alertmanager", "webhook", "heartbeat"}) {
            CheckResult result = run(pushed);
            assertThat(result.status()).as(pushed).isEqualTo(Status.FAILED);
            assertThat(result.reason())
                    .as(pushed)
                    .isEqualTo("check type '" + pushed + "' is pushed to CloudRoutes; workers never run it");
        }
    }
}
