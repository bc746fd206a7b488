package io.cloudroutes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.bench.schedule.ScheduleBenchmark;
import io.cloudroutes.bench.schedule.ScheduleReport;
import io.cloudroutes.bench.schedule.ScheduleSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the schedule benchmark once, small, as {@link BenchmarksRunOnceTest} runs the JMH ones: a change that breaks it
 * (the control's or broker's API, the protocol the recording worker speaks) fails the build. Not a measurement: the
 * figures of a real run are in docs/benchmarks.md.
 */
class ScheduleBenchmarkRunsOnceTest {

    /**
     * 3,000 monitors at 10 s, one interval measured after two of warm-up (about 40 s): every monitor gets exactly one
     * job for its slot in the window, none twice, and the broker dropped none. The lag is printed, not asserted:
     * timings here depend on what else the machine runs. 300 jobs/s, so that a machine busy with a whole build does
     * not fall half an interval behind (the claim then passes over a slot, by design, and the test would report the
     * machine's load as a skip).
     */
    @Test
    void theScheduleBenchmarkSeesOneJobForEverySlotOfEveryMonitor() {
        int monitors = 3_000;
        ScheduleReport report = ScheduleBenchmark.run(
                new ScheduleSettings(
                        monitors,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        2_000,
                        Map.of()),
                System.out);
        System.out.println(report.markdown());

        assertThat(report.monitorsUnseen())
                .as("monitors without a job in the window")
                .isZero();
        assertThat(report.monitorsSkipped()).as("monitors that missed a slot").isZero();
        assertThat(report.duplicates())
                .as("jobs for a slot already served, or for no monitor")
                .isZero();
        assertThat(report.jobsMeasured())
                .as("jobs due in the window: one per monitor")
                .isEqualTo(monitors);
        assertThat(report.jobsDropped()).as("jobs the broker dropped").isZero();
    }
}
