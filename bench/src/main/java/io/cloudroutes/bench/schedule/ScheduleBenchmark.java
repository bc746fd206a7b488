package io.cloudroutes.bench.schedule;

import io.cloudroutes.bench.BenchmarkRedis;
import io.cloudroutes.bench.Scrape;
import io.cloudroutes.control.ControlConfig;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.core.zmq.ZmqEndpoints;
import io.cloudroutes.worker.RecordingWorker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The schedule alone, at the size of issue 11's target (100,000 monitors at a 10 s interval): the real cram-control
 * (claim-due.lua in a real Redis, jobs pushed over CURVE) and the real cram-broker (per-zone queues, credits), in this
 * JVM or ({@code -Dbench.processes=separate}) each in a JVM of its own as a deployment runs them, with the monitors
 * written into Redis as the bridge writes them, and in place of cram-worker a
 * {@link RecordingWorker} that runs no check and gives every credit back at once. It measures the lag from each job's
 * due time to the moment the worker reads it, whether every monitor got a job for every slot of the window (none
 * skipped, none twice), what the control and the broker counted as deferred or dropped, the CPU per job of each
 * thread of this JVM, and the CPU per job and memory of each process (the control's and broker's own, this JVM,
 * redis-server). The checks themselves are not run: 10,000 http checks/s do not fit on two cores beside all this.
 *
 * <pre>
 * java -Dbench.monitors=100000 -Dbench.interval=10 -Dbench.duration=600 \
 *     -cp bench/target/benchmarks.jar io.cloudroutes.bench.schedule.ScheduleBenchmark
 * </pre>
 *
 * Everything listens on 127.0.0.1 only, and stops when the run ends.
 */
public final class ScheduleBenchmark {

    static final String CONTROL_DEFERRED = "cloudroutes.control.jobs.deferred";
    static final String CONTROL_DELAYED = "cloudroutes.control.checks.delayed";
    static final String CONTROL_SLOTS_SKIPPED = "cloudroutes.control.checks.skipped";
    static final String BROKER_DROPPED_FULL = "cloudroutes.broker.jobs.dropped.full";
    static final String BROKER_DROPPED_STALE = "cloudroutes.broker.jobs.dropped.stale";
    static final String BROKER_MALFORMED = "cloudroutes.broker.messages.malformed";
    /** After the window, time for jobs due in it to arrive before the parts stop. */
    private static final long DRAIN_MILLIS = 3_000;

    private ScheduleBenchmark() {}

    public static void main(String[] args) {
        ScheduleReport report = run(ScheduleSettings.fromSystemProperties(), System.out);
        System.out.println();
        System.out.println(report.markdown());
    }

    /** Runs the benchmark, writing progress to {@code out}; everything it started has stopped when it returns. */
    public static ScheduleReport run(ScheduleSettings settings, PrintStream out) {
        String loadBefore = loadAverage();
        long intervalMillis = settings.interval().toMillis();
        out.printf(
                Locale.ROOT,
                "schedule benchmark: %,d monitors every %d s, warm-up %d s, window %d s, worker credits "
                        + "%d, load average %s%n",
                settings.monitors(),
                settings.interval().toSeconds(),
                settings.warmup().toSeconds(),
                settings.duration().toSeconds(),
                settings.credits(),
                loadBefore);
        try (BenchmarkRedis redis = new BenchmarkRedis()) {
            long writing = System.nanoTime();
            redis.writeMonitors(settings.monitors(), (int) settings.interval().toSeconds(), false, 0);
            out.printf(
                    Locale.ROOT,
                    "wrote %,d monitors in %.1f s%n",
                    settings.monitors(),
                    (System.nanoTime() - writing) / 1e9);

            String frontend = "tcp://127.0.0.1:" + LoopbackPorts.next();
            String backend = "tcp://127.0.0.1:" + LoopbackPorts.next();
            Map<String, String> endpoints =
                    Map.of(ZmqEndpoints.BROKER_FRONTEND, frontend, ZmqEndpoints.BROKER_BACKEND, backend);
            Map<String, String> controlEnvironment = environment(
                    TestPlane.CONTROL,
                    endpoints,
                    Map.of("CLOUDROUTES_REDIS_URL", redis.url(TestRedis.CONTROL)),
                    settings.controlEnv());
            Map<String, String> brokerEnvironment = environment(TestPlane.BROKER, endpoints, settings.controlEnv());
            // what the control reads from that environment, for the report
            ControlConfig controlConfig = ControlConfig.fromEnv(Env.of(controlEnvironment));
            // the control starts with nothing due: the schedule is written once the worker is connected
            try (ScheduleParts parts = startParts(settings, controlEnvironment, brokerEnvironment)) {
                out.println("control and broker: " + parts.description());
                long started = System.currentTimeMillis();
                ScheduleRecord record = new ScheduleRecord(
                        settings.monitors(),
                        intervalMillis,
                        started + settings.warmup().toMillis(),
                        started
                                + settings.warmup().toMillis()
                                + settings.duration().toMillis());
                Measured measured;
                Map<String, Double> counters;
                try (RecordingWorker worker = RecordingWorker.start(
                        backend, TestPlane.worker(), MonitorDefinition.DEFAULT_ZONE, settings.credits(), record)) {
                    // due times spread over the first interval from a second on, as monitors created over time are
                    redis.schedule(settings.monitors(), started + 1_000, intervalMillis);
                    measured = measure(record, parts, measuredProcesses(parts, redis), started, settings, out);
                    counters = counters(parts.metrics());
                    worker.close(); // before the record is read: the worker's thread has ended
                    if (worker.malformed() > 0 || worker.reconnects() > 0) {
                        out.printf(
                                "the recording worker read %d malformed jobs and reconnected %d times%n",
                                worker.malformed(), worker.reconnects());
                    }
                }
                ScheduleReport report = new ScheduleReport(
                        settings,
                        controlConfig.batchSize(),
                        controlConfig.pollInterval().toMillis(),
                        record.outcome(),
                        counters,
                        measured.cpu(),
                        measured.processes(),
                        measured.jobs(),
                        loadBefore,
                        loadAverage());
                out.printf(
                        Locale.ROOT,
                        "done: %,d jobs received in all, load average %s%n",
                        report.outcome().received(),
                        report.loadAfter());
                return report;
            }
        }
    }

    private static ScheduleParts startParts(
            ScheduleSettings settings, Map<String, String> controlEnvironment, Map<String, String> brokerEnvironment) {
        if (settings.processes() == ScheduleSettings.Processes.SAME) {
            return PartsInThisJvm.start(controlEnvironment, brokerEnvironment);
        }
        try {
            return PartsInChildJvms.start(
                    controlEnvironment,
                    brokerEnvironment,
                    settings,
                    Files.createTempDirectory("cloudroutes-schedule-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the control's and broker's logs", e);
        }
    }

    /**
     * The control's and broker's own JVMs (if they have them) with their descendants, then the benchmark's JVM alone
     * (its children have rows of their own) and redis-server.
     */
    private static List<MeasuredProcess> measuredProcesses(ScheduleParts parts, BenchmarkRedis redis) {
        List<MeasuredProcess> processes = new ArrayList<>();
        parts.ownProcesses().forEach((name, process) -> processes.add(new MeasuredProcess(name, process, true)));
        processes.add(new MeasuredProcess(
                parts.ownProcesses().isEmpty()
                        ? "benchmark JVM (recording worker, cram-control, cram-broker)"
                        : "benchmark JVM (recording worker)",
                ProcessHandle.current(),
                false));
        processes.add(new MeasuredProcess("redis-server", redis.serverProcess(), true));
        return processes;
    }

    /** A process's environment as a deployment sets it: its CURVE keys, the broker's endpoints, then the rest. */
    @SafeVarargs
    private static Map<String, String> environment(
            io.cloudroutes.core.zmq.CurveKeyPair own, Map<String, String>... settings) {
        Map<String, String> env = new LinkedHashMap<>(TestPlane.env(own));
        for (Map<String, String> more : settings) {
            env.putAll(more);
        }
        return env;
    }

    private record Measured(CpuTimes cpu, List<ProcessUsage> processes, long jobs) {}

    /**
     * Waits out the warm-up and the window, printing a line every few seconds and failing when a part has stopped, and
     * takes the CPU times at the window's ends and the memory at its end; returns once the jobs due in the window had
     * time to arrive.
     */
    private static Measured measure(
            ScheduleRecord record,
            ScheduleParts parts,
            List<MeasuredProcess> processes,
            long started,
            ScheduleSettings settings,
            PrintStream out) {
        long from = started + settings.warmup().toMillis();
        long until = from + settings.duration().toMillis();
        long every = Math.clamp((until - from) / 10, 5_000, 30_000);
        long tick = started;
        while ((tick += every) < from) {
            progress(record, parts, started, tick, "warm-up", out);
        }
        progress(record, parts, started, from, "warm-up", out);
        CpuTimes atStart = CpuTimes.now();
        double[] cpuMillisAtStart =
                processes.stream().mapToDouble(MeasuredProcess::cpuMillis).toArray();
        long jobs = 0;
        tick = from;
        while ((tick += every) < until) {
            jobs += progress(record, parts, started, tick, "window", out);
        }
        jobs += progress(record, parts, started, until, "window", out);
        CpuTimes used = CpuTimes.now().since(atStart);
        List<ProcessUsage> usage = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            usage.add(processes.get(i).usageSince(cpuMillisAtStart[i]));
        }
        progress(record, parts, started, until + DRAIN_MILLIS, "drain", out);
        return new Measured(used, usage, jobs);
    }

    /** Sleeps until {@code at}, then prints what the worker received since the last line; returns how many. */
    private static long progress(
            ScheduleRecord record, ScheduleParts parts, long started, long at, String phase, PrintStream out) {
        sleepUntil(at);
        parts.requireRunning();
        Scrape metrics = parts.metrics();
        Histogram lag = record.progress();
        double seconds = (lag.getEndTimeStamp() - lag.getStartTimeStamp()) / 1000.0;
        out.printf(
                Locale.ROOT,
                "%5.0f s %-7s %,7.0f jobs/s  lag p50 %6.1f ms  p99 %7.1f ms  max %8.1f ms  broker queued "
                        + "%,6.0f  control sent %,10.0f%n",
                (at - started) / 1000.0,
                phase,
                seconds <= 0 ? 0 : lag.getTotalCount() / seconds,
                lag.getValueAtPercentile(50) / 1000.0,
                lag.getValueAtPercentile(99) / 1000.0,
                lag.getMaxValue() / 1000.0,
                gauge(metrics, "cloudroutes.broker.queued.jobs"),
                counter(metrics, "cloudroutes.control.jobs.sent"));
        return lag.getTotalCount();
    }

    private static Map<String, Double> counters(Scrape metrics) {
        Map<String, Double> counters = new LinkedHashMap<>();
        for (String name : new String[] {
            CONTROL_DEFERRED,
            CONTROL_DELAYED,
            CONTROL_SLOTS_SKIPPED,
            BROKER_DROPPED_FULL,
            BROKER_DROPPED_STALE,
            BROKER_MALFORMED
        }) {
            counters.put(name, counter(metrics, name));
        }
        return counters;
    }

    /** A counter by its meter name, summed over the processes; NaN when none has it, so that a lost meter shows. */
    private static double counter(Scrape metrics, String meter) {
        return series(metrics, meter.replace('.', '_') + "_total");
    }

    private static double gauge(Scrape metrics, String meter) {
        return series(metrics, meter.replace('.', '_'));
    }

    private static double series(Scrape metrics, String name) {
        return metrics.samples().stream().anyMatch(sample -> sample.name().equals(name))
                ? metrics.sum(name, "")
                : Double.NaN;
    }

    private static void sleepUntil(long millis) {
        long wait;
        while ((wait = millis - System.currentTimeMillis()) > 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring", e);
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
