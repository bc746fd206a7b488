package io.cloudroutes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.bench.schedule.ProcessUsage;
import io.cloudroutes.bench.schedule.ScheduleBenchmark;
import io.cloudroutes.bench.schedule.ScheduleReport;
import io.cloudroutes.bench.schedule.ScheduleSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the schedule benchmark once, small, with the control and the broker each in a JVM of its own
 * ({@code -Dbench.processes=separate}): their {@code main}s start from the benchmark's class path with nothing but
 * environment variables, and the run reports each process. Correctness only; the figures of real runs are in
 * docs/benchmarks.md.
 */
class ScheduleBenchmarkSeparateProcessesTest {

    /**
     * 1,000 monitors at 2 s, two intervals measured after three of warm-up (about half a minute with the JVMs' start):
     * every monitor gets exactly one job for each of its two slots in the window, the broker dropped none, the control
     * and the broker each have a row of their own with memory in use, and neither runs once the benchmark has
     * returned. Timings are printed, not asserted.
     */
    @Test
    void theControlAndBrokerInTheirOwnJvmsServeEverySlotAndAreReportedPerProcess() {
        int monitors = 1_000;
        ScheduleSettings settings = new ScheduleSettings(
                        monitors, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6), 2_000, Map.of())
                .inSeparateProcesses(List.of("-Xmx128m", "-XX:+UseSerialGC"), List.of("-Xmx128m", "-XX:+UseSerialGC"));
        ScheduleReport report = ScheduleBenchmark.run(settings, System.out);
        System.out.println(report.markdown());

        assertThat(report.monitorsUnseen())
                .as("monitors without a job in the window")
                .isZero();
        assertThat(report.monitorsSkipped()).as("monitors that missed a slot").isZero();
        assertThat(report.duplicates())
                .as("jobs for a slot already served, or for no monitor")
                .isZero();
        assertThat(report.jobsMeasured())
                .as("jobs due in the window: one per monitor and slot")
                .isEqualTo(2 * monitors);
        assertThat(report.jobsDropped()).as("jobs the broker dropped").isZero();
        for (String part : List.of("cram-control", "cram-broker")) {
            ProcessUsage usage = report.process(part).orElseThrow(() -> new AssertionError("no row for " + part));
            assertThat(usage.pid())
                    .as(part + " runs in a process of its own")
                    .isNotEqualTo(ProcessHandle.current().pid());
            assertThat(usage.rssMb())
                    .as(part + "'s resident memory at the window's end")
                    .isPositive();
            assertThat(usage.peakRssMb()).as(part + "'s peak resident memory").isGreaterThanOrEqualTo(usage.rssMb());
            assertThat(ProcessHandle.of(usage.pid()).filter(ProcessHandle::isAlive))
                    .as(part + " after the run")
                    .isEmpty();
        }
    }
}
