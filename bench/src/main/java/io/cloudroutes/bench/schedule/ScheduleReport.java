package io.cloudroutes.bench.schedule;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The figures of one run of the schedule benchmark.
 *
 * @param settings        what ran
 * @param batchSize       the control's claim batch (CLOUDROUTES_CONTROL_BATCH_SIZE)
 * @param pollMillis      the control's poll interval (CLOUDROUTES_CONTROL_POLL_MILLIS)
 * @param outcome         what the recording worker saw
 * @param counters        the control's and broker's counters of jobs not delivered (whole run, warm-up included)
 * @param cpu             CPU used within the window by the benchmark's JVM, by thread
 * @param processes       CPU used within the window and memory, per process: the control and the broker when they
 *                        run in JVMs of their own, the benchmark's JVM, redis-server
 * @param jobsInCpuWindow jobs received within the window, to divide the CPU by
 * @param loadBefore      /proc/loadavg before the run
 * @param loadAfter       /proc/loadavg after it
 */
public record ScheduleReport(
        ScheduleSettings settings,
        int batchSize,
        long pollMillis,
        ScheduleRecord.Outcome outcome,
        Map<String, Double> counters,
        CpuTimes cpu,
        List<ProcessUsage> processes,
        long jobsInCpuWindow,
        String loadBefore,
        String loadAfter) {

    public ScheduleReport {
        counters = Map.copyOf(counters);
        processes = List.copyOf(processes);
    }

    /** The row of the process named {@code name} (e.g. {@code cram-control}), if the run had one. */
    public Optional<ProcessUsage> process(String name) {
        return processes.stream().filter(process -> process.name().equals(name)).findFirst();
    }

    public long jobsMeasured() {
        return outcome.measured();
    }

    public long monitorsUnseen() {
        return outcome.unseen();
    }

    public long monitorsSkipped() {
        return outcome.skipped();
    }

    public long duplicates() {
        return outcome.duplicates() + outcome.unknownMonitors();
    }

    /**
     * Jobs the broker dropped (its zone queue full, or held too long). Jobs the control deferred are not among them:
     * their monitors were put back as due and claimed again.
     */
    public double jobsDropped() {
        return counters.get(ScheduleBenchmark.BROKER_DROPPED_FULL)
                + counters.get(ScheduleBenchmark.BROKER_DROPPED_STALE);
    }

    /** The tables, in markdown: the schedule, CPU by thread of the benchmark JVM, CPU and memory by process. */
    public String markdown() {
        Histogram lag = outcome.lag();
        long windowSeconds = settings.duration().toSeconds();
        StringBuilder out = new StringBuilder();
        out.append(
                "| monitors × interval | control and broker | control batch / poll | window | jobs due in it | jobs/s "
                        + "| lag p50 | lag p99 | lag p99.9 | lag max | monitors skipped | slots missed | duplicates | control: deferred / claimed ≥ 1 s "
                        + "late / slots passed over | broker: dropped full / stale / malformed |\n");
        out.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        out.append(String.format(
                Locale.ROOT,
                "| %,d × %d s | %s | %d / %d ms | %d s after %d s | %,d | %,.0f | %s | %s | %s | %s | %,d | %,d | %,d "
                        + "| %,.0f / %,.0f / %,.0f | %,.0f / %,.0f / %,.0f |%n",
                settings.monitors(),
                settings.interval().toSeconds(),
                settings.processes() == ScheduleSettings.Processes.SAME ? "this JVM" : "own JVMs",
                batchSize,
                pollMillis,
                windowSeconds,
                settings.warmup().toSeconds(),
                outcome.measured(),
                (double) outcome.measured() / windowSeconds,
                millis(lag.getValueAtPercentile(50)),
                millis(lag.getValueAtPercentile(99)),
                millis(lag.getValueAtPercentile(99.9)),
                millis(lag.getMaxValue()),
                outcome.skipped(),
                outcome.slotsMissed(),
                duplicates(),
                counters.get(ScheduleBenchmark.CONTROL_DEFERRED),
                counters.get(ScheduleBenchmark.CONTROL_DELAYED),
                counters.get(ScheduleBenchmark.CONTROL_SLOTS_SKIPPED),
                counters.get(ScheduleBenchmark.BROKER_DROPPED_FULL),
                counters.get(ScheduleBenchmark.BROKER_DROPPED_STALE),
                counters.get(ScheduleBenchmark.BROKER_MALFORMED)));
        out.append(String.format(
                Locale.ROOT,
                "%nMonitors skipped: %,d never seen in the window, %,d first seen more "
                        + "than an interval after it opened, %,d with two due times more than an interval apart, %,d "
                        + "last seen more than an interval before it closed.%n",
                outcome.unseen(),
                outcome.skippedAtStart(),
                outcome.skippedBetween(),
                outcome.skippedAtEnd()));
        out.append("\n| CPU in the window, by thread of the benchmark's JVM | µs per job | share of one core |\n"
                + "|---|---:|---:|\n");
        double seconds = settings.duration().toNanos();
        // a part in a JVM of its own has no threads here
        cpu.threadNanos().forEach((group, nanos) -> {
            if (nanos != 0) {
                out.append(row(group, nanos, seconds));
            }
        });
        out.append(row("**this JVM in all**", cpu.processNanos(), seconds));
        out.append("\n| process | pid | CPU µs per job | share of one core | RSS at the window's end "
                + "| peak RSS (VmHWM) |\n|---|---:|---:|---:|---:|---:|\n");
        for (ProcessUsage process : processes) {
            long nanos = (long) (process.cpuMillis() * 1_000_000);
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %.1f %% | %.0f MB | %.0f MB |%n",
                    process.name(),
                    process.pid(),
                    perJob(nanos),
                    100.0 * nanos / seconds,
                    process.rssMb(),
                    process.peakRssMb()));
        }
        long allNanos =
                (long) (processes.stream().mapToDouble(ProcessUsage::cpuMillis).sum() * 1_000_000);
        out.append(String.format(
                Locale.ROOT,
                "| **all** | | **%.1f** | %.1f %% | %.0f MB | |%n",
                perJob(allNanos),
                100.0 * allNanos / seconds,
                processes.stream().mapToDouble(ProcessUsage::rssMb).sum()));
        return out.toString();
    }

    private String row(String what, long nanos, double windowNanos) {
        return String.format(
                Locale.ROOT, "| %s | %.1f | %.1f %% |%n", what, perJob(nanos), 100.0 * nanos / windowNanos);
    }

    private double perJob(long nanos) {
        return jobsInCpuWindow == 0 ? 0 : nanos / 1_000.0 / jobsInCpuWindow;
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1_000.0);
    }
}
