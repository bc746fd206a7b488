package io.cloudroutes.bench.load;

import io.cloudroutes.bench.Pauses;
import io.cloudroutes.bench.ProcessTree;
import io.cloudroutes.bench.Scrape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The peer's side of the load harness (docs/benchmarks.md, "Prometheus + blackbox_exporter side by side"): the same
 * http target on loopback as {@link LoadHarness}, then Prometheus + blackbox_exporter ({@link PrometheusStack}) given,
 * for each step, as many http targets probed every second as probes/s offered, measured for a set time from both
 * processes' /metrics, Prometheus' query API and /proc. Steps, duration and settling come from the same system
 * properties as the harness's ({@link HarnessConfig}). Prints one markdown row per step and the table at the end; stops
 * what it started, also when a step fails or the run is interrupted.
 */
public final class PrometheusComparison {

    /** Scrapes the Prometheus scrape loops performed, observed once per scrape with the interval it kept. */
    private static final String SCRAPES = "prometheus_target_interval_length_seconds_count";
    /** Connections blackbox_exporter's http prober opened: one per probe of a target that does not redirect. */
    private static final String PROBES = "net_conntrack_dialer_conn_attempted_total";

    private static final String FAILED_PROBES = "count(probe_success{job=\"" + PrometheusStack.JOB + "\"} == 0)";
    /** Result reads per step, as the harness reads CloudRoutes' state. */
    private static final int AGE_ROUNDS = 5;

    private static final Duration TARGETS_TIMEOUT = Duration.ofSeconds(60);

    private final PrometheusStack stack;
    private final Duration settle;
    private final Duration stepDuration;

    PrometheusComparison(PrometheusStack stack, Duration settle, Duration stepDuration) {
        this.stack = stack;
        this.settle = settle;
        this.stepDuration = stepDuration;
    }

    public static void main(String[] args) throws Exception {
        HarnessConfig config = HarnessConfig.fromSystemProperties();
        if (!config.interval().equals(Duration.ofSeconds(1))) {
            throw new IllegalArgumentException("bench.interval: the comparison probes every target every second; "
                    + "run it without bench.interval");
        }
        PeerBinaries binaries = PeerBinaries.require();
        Path workDirectory = Files.createTempDirectory("cloudroutes-prometheus");
        List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
        Thread stopAll = new Thread(() -> LoadHarness.closeAll(started), "prometheus-comparison-stop");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            LoadTarget target = LoadTarget.start(workDirectory);
            started.add(target);
            System.out.println("target: " + target.kind() + " at " + target.url());
            System.out.println("prometheus: " + binaries.prometheus() + ": " + binaries.prometheusVersion());
            System.out.println("blackbox_exporter: " + binaries.blackboxExporter() + ": " + binaries.blackboxVersion());
            PrometheusStack stack = PrometheusStack.start(binaries, workDirectory, target.url(), config.startTimeout());
            started.add(stack);
            System.out.println(stack.description());
            List<PeerStepRow> rows =
                    new PrometheusComparison(stack, config.settle(), config.stepDuration()).run(config.steps());
            System.out.println();
            System.out.println("target " + target.kind() + "; "
                    + config.stepDuration().toSeconds()
                    + " s measured per step after " + config.settle().toSeconds() + " s settling; result age from every"
                    + " target's latest probe_success, read " + AGE_ROUNDS + " times per step; CPU per probe executed"
                    + " and RSS of each process");
            System.out.println(PeerStepRow.HEADER);
            rows.forEach(row -> System.out.println(row.markdown()));
        } finally {
            LoadHarness.closeAll(started);
            Runtime.getRuntime().removeShutdownHook(stopAll);
            LoadHarness.deleteQuietly(workDirectory.resolve("prometheus").resolve("data"));
        }
    }

    /** Each step in turn: its targets given to Prometheus, settling, then the step measured. */
    List<PeerStepRow> run(List<Integer> steps) throws Exception {
        List<PeerStepRow> rows = new ArrayList<>();
        for (int targets : steps) {
            Instant changing = Instant.now();
            stack.showTargets(targets);
            awaitTargets(targets);
            System.out.printf(
                    "step %,d: Prometheus scrapes %,d targets after %,d ms%n",
                    targets, targets, Duration.between(changing, Instant.now()).toMillis());
            Pauses.pause(settle);
            Instant measuring = Instant.now();
            PeerStepRow row = measure(targets);
            System.out.printf(
                    "step %,d measured from %s; load average (1, 5, 15 min) at its end %s%n",
                    targets, measuring, loadAverage());
            System.out.println(row.markdown());
            rows.add(row);
        }
        return rows;
    }

    private void awaitTargets(int targets) {
        Instant until = Instant.now().plus(TARGETS_TIMEOUT);
        while (stack.targetsScraped() != targets) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("Prometheus did not take up " + targets + " targets from its file_sd"
                        + " file within " + TARGETS_TIMEOUT.toSeconds() + " s (it scrapes " + stack.targetsScraped()
                        + ")");
            }
            Pauses.pause(Duration.ofMillis(200));
        }
    }

    private PeerStepRow measure(int offered) {
        Map<String, ProcessHandle> processes = stack.measuredProcesses();
        Scrape prometheusBefore = stack.prometheusMetrics();
        Scrape blackboxBefore = stack.blackboxMetrics();
        Map<String, Double> cpuBefore = LoadHarness.cpuMillis(processes);
        long startNanos = System.nanoTime();
        ResultAges ages = new ResultAges(List.of(), 0);
        long failed = 0;
        Duration betweenReads = stepDuration.dividedBy(AGE_ROUNDS + 1);
        for (int round = 0; round < AGE_ROUNDS; round++) {
            Pauses.pause(betweenReads);
            ages = ages.and(ResultAges.of(stack.query(ResultAges.QUERY), Instant.now(), offered));
            failed += (long) single(stack.query(FAILED_PROBES));
        }
        long remaining = stepDuration.toNanos() - (System.nanoTime() - startNanos);
        if (remaining > 0) {
            Pauses.pause(Duration.ofNanos(remaining));
        }
        Scrape prometheusAfter = stack.prometheusMetrics();
        Scrape blackboxAfter = stack.blackboxMetrics();
        Map<String, Double> cpuAfter = LoadHarness.cpuMillis(processes);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double scrapes =
                prometheusAfter.sum(SCRAPES, "interval=\"1s\"") - prometheusBefore.sum(SCRAPES, "interval=\"1s\"");
        double probes = blackboxAfter.sum(PROBES, "dialer_name=\"http_probe\"")
                - blackboxBefore.sum(PROBES, "dialer_name=\"http_probe\"");
        // whole seconds: the range of a PromQL selector; the samples of the step's last `window` seconds
        long window = Math.max(1, (long) Math.floor(seconds));
        double stored = single(stack.query(
                "sum(count_over_time(probe_success{job=\"" + PrometheusStack.JOB + "\"}[" + window + "s]))"));
        return new PeerStepRow(
                offered,
                scrapes / seconds,
                probes / seconds,
                stored / window,
                ages.percentileMs(0.50),
                ages.percentileMs(0.99),
                ages.missingShare(),
                (double) failed / ((long) offered * AGE_ROUNDS),
                processes.entrySet().stream()
                        .map(process -> new StepRow.ProcessFigures(
                                process.getKey(),
                                probes > 0
                                        ? (cpuAfter.get(process.getKey()) - cpuBefore.get(process.getKey())) / probes
                                        : Double.NaN,
                                ProcessTree.rssMb(process.getValue())))
                        .toList());
    }

    /** The machine's load averages, to tell a quiet run from one that shared the cores with others. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.join(", ", fields[0], fields[1], fields[2]);
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }

    /** The value of a query that aggregates to one series, 0 when it has none (count() of nothing is no series). */
    private static double single(JsonNode result) {
        return result.isEmpty()
                ? 0
                : Double.parseDouble(result.get(0).path("value").get(1).asString());
    }
}
