package io.cloudroutes.worker;

import io.cloudroutes.bench.HotPathBenchmark;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.plugin.PluginRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one {@code http} check costs as the worker runs it: a {@link CheckJob} through the worker's {@link CheckRunner}
 * (the type looked up, settings opened and defaulted, the check created and run on a virtual thread with its deadline,
 * the result made), against a JDK HTTP server on 127.0.0.1 that answers 200 with a 42-byte page, through the egress
 * guard with loopback allowed as an operator allows it ({@code CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8}). Every check
 * opens a fresh connection, as in production. One check at a time: this is the latency of a check, not the worker's
 * throughput.
 */
public class HttpCheckBenchmark extends HotPathBenchmark {

    private HealthPage target;
    private ExecutorService checks;
    private PluginRegistry<CheckType> types;
    private CheckRunner runner;
    private CheckJob job;

    @Setup(Level.Trial)
    public void startTargetAndRunner() throws IOException {
        target = new HealthPage();
        Egress egress = Egress.fromEnv(Env.of(Map.of(EgressPolicy.ALLOW_VARIABLE, "127.0.0.0/8")), List.of());
        types = CheckType.registry();
        checks = Executors.newVirtualThreadPerTaskExecutor();
        runner = new CheckRunner(
                types,
                checks,
                MonitorDefinition.DEFAULT_ZONE,
                "bench-worker",
                () -> false,
                Optional.empty(),
                CheckServices.of(egress));
        String url = target.url();
        long now = System.currentTimeMillis();
        job = new CheckJob("bench-job", 1, "http", Map.of("url", url), 5_000, now, now, MonitorDefinition.DEFAULT_ZONE);
        runHttpJobAsTheWorkerDoes();
    }

    @TearDown(Level.Trial)
    public void stopTargetAndRunner() {
        target.close();
        checks.shutdownNow();
        types.all().forEach(CheckType::close);
    }

    @Benchmark
    public CheckResult runHttpJobAsTheWorkerDoes() {
        CheckResult result = runner.run(job);
        if (result.status() != Status.HEALTHY) {
            throw new IllegalStateException("the check against the local target failed: " + result.reason());
        }
        return result;
    }
}
