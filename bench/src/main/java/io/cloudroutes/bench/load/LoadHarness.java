package io.cloudroutes.bench.load;

import io.cloudroutes.bench.Pauses;
import io.cloudroutes.bench.ProcessTree;
import io.cloudroutes.bench.Scrape;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load harness (docs/benchmarks.md, "Load harness"): an http target on loopback, CloudRoutes (the standalone as its
 * own JVM, or the distributed set with every process on its own), then for each step of n checks/s offered
 * n × interval http monitors, each checked every interval ({@code -Dbench.interval}, 1 s by default), measured for a
 * set time from the processes' /metrics, the monitors' live status and /proc. Prints one markdown table row per step
 * (and the distributed set's per-process CPU and RSS); stops what it started, also when a step fails or the harness is
 * interrupted.
 */
public final class LoadHarness {

    private static final String CHECKS = "cloudroutes_worker_checks_total";
    private static final String RESULTS = "cloudroutes_actioner_results_total";
    private static final String SCHEDULE_LAG = "cloudroutes_worker_schedule_lag_seconds";
    private static final String DELAYED = "cloudroutes_control_checks_delayed_total";
    private static final String DETECTION_TO_REACTION = "cloudroutes_actioner_detection_to_reaction_seconds";
    private static final String DETECTION_TO_FOLD = "cloudroutes_actioner_detection_to_fold_seconds";
    private static final String DETECTION_TO_DECISION = "cloudroutes_actioner_detection_to_decision_seconds";
    /** Monitors per bulk create request: the API's limit. */
    private static final int BULK = 1_000;
    /** Status reads per step: the state's age is sampled this often while the step is measured. */
    private static final int AGE_ROUNDS = 5;

    private final HarnessConfig config;
    private final LoadTarget target;
    private final SystemUnderLoad system;
    private final List<CreatedMonitor> monitors = Collections.synchronizedList(new ArrayList<>());

    private final ProbeTarget probes;

    private LoadHarness(HarnessConfig config, LoadTarget target, SystemUnderLoad system, ProbeTarget probes) {
        this.config = config;
        this.target = target;
        this.system = system;
        this.probes = probes;
    }

    public static void main(String[] args) throws Exception {
        HarnessConfig config = HarnessConfig.fromSystemProperties();
        Path workDirectory = Files.createTempDirectory("cloudroutes-load");
        List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
        Thread stopAll = new Thread(() -> closeAll(started), "load-harness-stop");
        Runtime.getRuntime().addShutdownHook(stopAll);
        try {
            LoadTarget target = LoadTarget.start(workDirectory);
            started.add(target);
            System.out.println("target: " + target.kind() + " at " + target.url());
            SystemUnderLoad system = config.mode() == HarnessConfig.Mode.DISTRIBUTED
                    ? DistributedUnderLoad.start(config, workDirectory)
                    : StandaloneUnderLoad.start(config, workDirectory);
            started.add(system);
            System.out.println(system.description());
            CloudRoutesApi api = system.api();
            api.signUpWithApiKey();
            ProbeTarget probes = ProbeTarget.start(Clock.systemUTC());
            started.add(probes);
            if (!config.steps().isEmpty()) {
                long reaction = api.createWebhookReaction(probes.reactionUrl());
                for (int probe = 0; probe < config.probes(); probe++) {
                    api.createProbeMonitor(probe, probes.flipUrl(probe), reaction);
                }
                System.out.println("probes: " + config.probes() + " monitors checked every second, failing and "
                        + "recovering every " + ProbeTarget.HALF_PERIOD_SECONDS
                        + " s, each failure running a webhook reaction");
            }
            LoadHarness harness = new LoadHarness(config, target, system, probes);
            List<StepRow> rows = harness.run();
            List<WebhookRow> webhookRows = harness.runWebhooks();
            if (!webhookRows.isEmpty()) {
                System.out.println();
                System.out.println(harness.webhookHeading());
                System.out.println(WebhookRow.HEADER);
                webhookRows.forEach(row -> System.out.println(row.markdown()));
            }
            if (rows.isEmpty()) {
                return;
            }
            System.out.println();
            System.out.println(harness.stepsHeading());
            System.out.println(StepRow.HEADER);
            rows.forEach(row -> System.out.println(row.markdown()));
            if (config.mode() == HarnessConfig.Mode.DISTRIBUTED) {
                rows.forEach(row -> System.out.println(System.lineSeparator() + row.processTable()));
            }
        } finally {
            closeAll(started);
            Runtime.getRuntime().removeShutdownHook(stopAll);
            deleteQuietly(workDirectory.resolve("data"));
        }
    }

    private List<StepRow> run() throws Exception {
        List<StepRow> rows = new ArrayList<>();
        if (!config.steps().isEmpty()) {
            System.out.println(stepsHeading());
        }
        for (int offered : config.steps()) {
            int stepMonitors = config.monitorsFor(offered);
            int created = stepMonitors - monitors.size();
            Instant creating = Instant.now();
            createMonitorsUpTo(stepMonitors);
            // a monitor's first check runs at once; one interval more and every monitor has had its second too
            Duration settle = config.interval().plus(config.settle());
            System.out.printf(
                    "step %,d checks/s: %,d monitors every %d s, %,d of them created in %,d ms; " + "settling %d s%n",
                    offered,
                    stepMonitors,
                    config.interval().toSeconds(),
                    created,
                    Duration.between(creating, Instant.now()).toMillis(),
                    settle.toSeconds());
            Pauses.pause(settle);
            StepRow row = measure(offered, stepMonitors);
            System.out.println(row.markdown());
            if (config.mode() == HarnessConfig.Mode.DISTRIBUTED) {
                System.out.println(row.processTable());
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The webhook steps: Datadog monitors created through the bulk API, a warm-up at the first step's rate for the
     * settle time (crweb's JIT, the connections' pools), then each step sent, its results awaited and measured.
     */
    private List<WebhookRow> runWebhooks() {
        List<WebhookRow> rows = new ArrayList<>();
        if (config.webhookSteps().isEmpty()) {
            return rows;
        }
        List<WebhookLoad.Receiver> receivers = new ArrayList<>();
        while (receivers.size() < config.webhookMonitors()) {
            receivers.addAll(system.api()
                    .createDatadogMonitors(
                            receivers.size(), Math.min(BULK, config.webhookMonitors() - receivers.size())));
        }
        WebhookLoad load = new WebhookLoad(system.api().url(), receivers, config.webhookSenders());
        System.out.println(webhookHeading());
        Scrape beforeWarmUp = system.scrape();
        WebhookLoad.Sent warmUp =
                load.offer(config.webhookSteps().getFirst(), config.settle(), "warm-up", config.stepDuration());
        drain(beforeWarmUp, warmUp.answered(202));
        System.out.printf("webhooks: warmed up with %,d deliveries (%s)%n", warmUp.deliveries(), warmUp.answers());
        for (int rate : config.webhookSteps()) {
            WebhookRow row = measureWebhooks(load, rate);
            System.out.println(row.markdown());
            rows.add(row);
        }
        return rows;
    }

    /** What the http steps offer and how their figures read, before the steps and above the table. */
    private String stepsHeading() {
        long interval = config.interval().toSeconds();
        return "http steps: target " + target.kind() + "; n checks/s offered = n × " + interval + " monitors, each "
                + "checked every " + interval + " s; " + config.stepDuration().toSeconds()
                + " s measured per step after " + (interval + config.settle().toSeconds())
                + " s settling (one interval + " + config.settle().toSeconds() + " s); state age = now − the last "
                + "check folded (since creation when none was yet), read from "
                + config.sampledMonitors() + " monitors' status " + AGE_ROUNDS + " times a step: a monitor checked "
                + "every " + interval + " s has a state up to " + interval + " s old by design (keeping up: p50 about "
                + (interval % 2 == 0 ? String.valueOf(interval / 2) : String.valueOf(interval / 2.0)) + " s, p99 about "
                + interval + " s, plus the check and its fold); CPU and RSS: "
                + (config.mode() == HarnessConfig.Mode.DISTRIBUTED
                        ? "the sum over "
                                + String.join(", ", system.measuredProcesses().keySet()) + ", each with its descendants"
                        : "the standalone's JVM and its embedded databases")
                + ", RSS at the step's end; detection → reaction from " + config.probes() + " probe monitors checked "
                + "every second (their " + config.probes() + " checks/s are not in the offered rate)";
    }

    private String webhookHeading() {
        return "webhooks: Datadog deliveries (Triggered, each its own $ID) to " + config.webhookMonitors()
                + " monitors over " + config.webhookSenders() + " keep-alive connections, offered open-loop for "
                + config.stepDuration().toSeconds() + " s a step; latency from each delivery's due time; recorded = "
                + "results folded less http checks executed; CPU: "
                + (config.mode() == HarnessConfig.Mode.DISTRIBUTED
                        ? "the sum over "
                                + String.join(", ", system.measuredProcesses().keySet())
                        : "the standalone's JVM and its embedded databases")
                + " from the step's start to the drain's end";
    }

    private WebhookRow measureWebhooks(WebhookLoad load, int rate) {
        Map<String, ProcessHandle> processes = system.measuredProcesses();
        Scrape before = system.scrape();
        double cpuBefore = cpuMillis(processes).values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        double harnessCpuBefore = harnessCpuMillis();
        WebhookLoad.Sent sent = load.offer(rate, config.stepDuration(), "step-" + rate, config.stepDuration());
        double recordedInStep = recorded(before, system.scrape());
        long drainStart = System.nanoTime();
        long recorded = drain(before, sent.answered(202));
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        double cpu = cpuMillis(processes).values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum()
                - cpuBefore;
        double harnessCpu = harnessCpuMillis() - harnessCpuBefore;
        long accepted = sent.accepted();
        Map<String, Long> notAccepted = new TreeMap<>(sent.answers());
        notAccepted.keySet().removeIf(answer -> answer.startsWith("2"));
        return new WebhookRow(
                rate,
                sent.elapsedSeconds() > 0 ? accepted / sent.elapsedSeconds() : 0,
                notAccepted,
                sent.latencyMs(0.50),
                sent.latencyMs(0.99),
                sent.latencyMs(1.0),
                sent.elapsedSeconds() > 0 ? recordedInStep / sent.elapsedSeconds() : 0,
                sent.answered(202),
                recorded,
                drainSeconds,
                accepted > 0 ? cpu / accepted : Double.NaN,
                accepted > 0 ? harnessCpu / accepted : Double.NaN,
                processes.values().stream().mapToDouble(ProcessTree::rssMb).sum());
    }

    /**
     * Waits until the webhook results recorded since {@code before} reach {@code appended}, reading the metrics every
     * 250 ms up to the drain's deadline; returns how many were recorded.
     */
    private long drain(Scrape before, long appended) {
        long deadline = System.nanoTime() + config.webhookDrain().toNanos();
        long recorded = (long) recorded(before, system.scrape());
        while (recorded < appended && System.nanoTime() < deadline) {
            Pauses.pause(Duration.ofMillis(250));
            recorded = (long) recorded(before, system.scrape());
        }
        return recorded;
    }

    /**
     * Webhook results folded between two scrapes: every fold less the http checks executed (the probes' and the http
     * steps' monitors', still checked), which is exact when no http monitor runs ({@code -Dbench.steps=}).
     */
    private static double recorded(Scrape before, Scrape after) {
        return after.sum(RESULTS, "outcome=\"folded\"")
                - before.sum(RESULTS, "outcome=\"folded\"")
                - (after.sum(CHECKS, "") - before.sum(CHECKS, ""));
    }

    /** This JVM's CPU time: the senders'. */
    private static double harnessCpuMillis() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(0L);
    }

    /**
     * Through the bulk API, up to 1,000 monitors a request, as someone importing many monitors would. A new monitor is
     * checked at once, then every interval: the new ones are created a second's worth at a time over one interval, so
     * their checks stay spread over it instead of all falling due in the same instant.
     */
    private void createMonitorsUpTo(int count) {
        int existing = monitors.size();
        long seconds = config.interval().toSeconds();
        long start = System.nanoTime();
        for (long second = 0; second < seconds; second++) {
            int upTo = existing + (int) ((long) (count - existing) * (second + 1) / seconds);
            if (upTo == monitors.size()) {
                continue;
            }
            long early = start + Duration.ofSeconds(second).toNanos() - System.nanoTime();
            if (early > 0) {
                Pauses.pause(Duration.ofNanos(early));
            }
            while (monitors.size() < upTo) {
                int batch = Math.min(BULK, upTo - monitors.size());
                Instant createdAt = Instant.now();
                system.api()
                        .createHttpMonitors(monitors.size(), batch, target.url(), config.interval())
                        .forEach(id -> monitors.add(new CreatedMonitor(id, createdAt)));
            }
        }
    }

    private StepRow measure(int offered, int stepMonitors) {
        Map<String, ProcessHandle> processes = system.measuredProcesses();
        Scrape before = system.scrape();
        Map<String, Double> cpuBefore = cpuMillis(processes);
        long reactionsBefore = probes.reactionsReceived();
        long startNanos = System.nanoTime();
        List<Long> ages = new ArrayList<>();
        Duration betweenAgeRounds = config.stepDuration().dividedBy(AGE_ROUNDS + 1);
        for (int round = 0; round < AGE_ROUNDS; round++) {
            Pauses.pause(betweenAgeRounds);
            ages.addAll(stateAges());
        }
        long remaining = config.stepDuration().toNanos() - (System.nanoTime() - startNanos);
        if (remaining > 0) {
            Pauses.pause(Duration.ofNanos(remaining));
        }
        Scrape after = system.scrape();
        Map<String, Double> cpuAfter = cpuMillis(processes);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double checks = after.sum(CHECKS, "") - before.sum(CHECKS, "");
        double folds = after.sum(RESULTS, "outcome=\"folded\"") - before.sum(RESULTS, "outcome=\"folded\"");
        double delayed = after.sum(DELAYED, "") - before.sum(DELAYED, "");
        Collections.sort(ages);
        return new StepRow(
                offered,
                stepMonitors,
                config.interval(),
                checks / seconds,
                folds / seconds,
                percentile(ages, 0.50),
                percentile(ages, 0.99),
                Scrape.quantileBound(0.99, before.buckets(SCHEDULE_LAG), after.buckets(SCHEDULE_LAG)) * 1000,
                delayed / seconds,
                Scrape.quantileBound(0.50, before.buckets(DETECTION_TO_REACTION), after.buckets(DETECTION_TO_REACTION))
                        * 1000,
                Scrape.quantileBound(0.99, before.buckets(DETECTION_TO_REACTION), after.buckets(DETECTION_TO_REACTION))
                        * 1000,
                Scrape.quantileBound(0.99, before.buckets(DETECTION_TO_FOLD), after.buckets(DETECTION_TO_FOLD)) * 1000,
                Scrape.quantileBound(0.99, before.buckets(DETECTION_TO_DECISION), after.buckets(DETECTION_TO_DECISION))
                        * 1000,
                probes.reactionsReceived() - reactionsBefore,
                processes.entrySet().stream()
                        .map(process -> new StepRow.ProcessFigures(
                                process.getKey(),
                                checks > 0
                                        ? (cpuAfter.get(process.getKey()) - cpuBefore.get(process.getKey())) / checks
                                        : Double.NaN,
                                ProcessTree.rssMb(process.getValue())))
                        .toList());
    }

    static Map<String, Double> cpuMillis(Map<String, ProcessHandle> processes) {
        Map<String, Double> millis = new LinkedHashMap<>();
        processes.forEach((name, process) -> millis.put(name, ProcessTree.cpuMillis(process)));
        return millis;
    }

    /**
     * now − lastCheckedAt of up to {@code sampledMonitors} monitors spread over all; a monitor not checked yet counts
     * from its creation, so monitors the system has not reached make the figures worse, not absent.
     */
    private List<Long> stateAges() {
        List<CreatedMonitor> all = List.copyOf(monitors);
        int sampled = Math.min(config.sampledMonitors(), all.size());
        List<Long> ages = new ArrayList<>();
        for (int n = 0; n < sampled; n++) {
            CreatedMonitor monitor = all.get((int) ((long) n * all.size() / sampled));
            Instant last = system.api().lastCheckedAt(monitor.id());
            ages.add(Duration.between(last != null ? last : monitor.createdAt(), Instant.now())
                    .toMillis());
        }
        return ages;
    }

    /** A load monitor, with when the request creating it was sent. */
    private record CreatedMonitor(long id, Instant createdAt) {}

    static double percentile(List<Long> sorted, double q) {
        return sorted.isEmpty()
                ? Double.NaN
                : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    static void closeAll(List<AutoCloseable> started) {
        synchronized (started) {
            for (int n = started.size() - 1; n >= 0; n--) {
                try {
                    started.get(n).close();
                } catch (Exception e) {
                    System.err.println("could not stop " + started.get(n) + ": " + e);
                }
            }
            started.clear();
        }
    }

    static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }
}
