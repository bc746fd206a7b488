package io.cloudroutes.bench.load;

import java.time.Duration;
import java.util.List;

/**
 * The figures of one rate step. Ages and lags in milliseconds (a histogram's p99 as the upper bound of its bucket), NaN
 * when nothing was there to measure (e.g. no reaction ran in the step).
 *
 * @param monitors         the step's http monitors, each checked every {@code interval}: offered × interval
 * @param stateAgeP50Ms    now − a monitor's last check folded (since its creation when none was yet): up to one
 *                         interval by design, plus the check and its fold
 * @param delayedPerSecond checks the controls claimed a second or more after their due time, per second
 * @param detectionToReactionP50Ms the median of detection → reaction, beside its p99 (with few runs a step's p99 is
 *                                 its slowest run)
 * @param detectionToFoldP99Ms     the part of detection → reaction up to the transition's fold into live state
 * @param detectionToDecisionP99Ms the part up to the reaction's job committed in PostgreSQL
 * @param reactions        reaction runs of the probe monitors whose start the detection → reaction p99 is taken over
 * @param processes        CPU and RSS of each measured process; the row's CPU ms/check and RSS are their totals
 */
record StepRow(
        int offeredPerSecond,
        int monitors,
        Duration interval,
        double checksPerSecond,
        double foldsPerSecond,
        double stateAgeP50Ms,
        double stateAgeP99Ms,
        double scheduleLagP99Ms,
        double delayedPerSecond,
        double detectionToReactionP50Ms,
        double detectionToReactionP99Ms,
        double detectionToFoldP99Ms,
        double detectionToDecisionP99Ms,
        long reactions,
        List<ProcessFigures> processes) {

    /** One process's share of a step: its CPU time (with its descendants') per check executed, and its RSS at the end. */
    record ProcessFigures(String process, double cpuMsPerCheck, double rssMb) {}

    static final String HEADER = """
            | offered checks/s | monitors × interval | checks/s executed | folds/s | state age p50 | state age p99 | schedule lag p99 | checks delayed/s | detection → reaction p50 / p99 (p99 to fold, to job written; runs) | CPU ms/check | RSS MB |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|""";

    double cpuMsPerCheck() {
        return processes.stream().mapToDouble(ProcessFigures::cpuMsPerCheck).sum();
    }

    double rssMb() {
        return processes.stream().mapToDouble(ProcessFigures::rssMb).sum();
    }

    /** The step's per-process table: a row per process and their total (the main row's last two columns). */
    String processTable() {
        StringBuilder table = new StringBuilder("""
                | %,d checks/s offered (%s): process | CPU ms/check | RSS MB |
                |---|---:|---:|
                """.formatted(offeredPerSecond, monitorsEvery()));
        processes.forEach(each ->
                table.append("| %s | %.3f | %,.0f |%n".formatted(each.process(), each.cpuMsPerCheck(), each.rssMb())));
        return table.append("| **total** | **%.3f** | **%,.0f** |".formatted(cpuMsPerCheck(), rssMb()))
                .toString();
    }

    String markdown() {
        return "| %,d | %s | %,.0f | %,.0f | %s | %s | %s | %,.0f | %s / %s (%s, %s; %,d) | %.2f | %,.0f |"
                .formatted(
                        offeredPerSecond,
                        monitorsEvery(),
                        checksPerSecond,
                        foldsPerSecond,
                        millis(stateAgeP50Ms),
                        millis(stateAgeP99Ms),
                        lag(scheduleLagP99Ms),
                        delayedPerSecond,
                        lag(detectionToReactionP50Ms),
                        lag(detectionToReactionP99Ms),
                        lag(detectionToFoldP99Ms),
                        lag(detectionToDecisionP99Ms),
                        reactions,
                        cpuMsPerCheck(),
                        rssMb());
    }

    /** E.g. "1,000 × 10 s". */
    private String monitorsEvery() {
        return "%,d × %d s".formatted(monitors, interval.toSeconds());
    }

    private static String millis(double value) {
        return Double.isNaN(value)
                ? "n/a"
                : value >= 10_000 ? "%,.1f s".formatted(value / 1000) : "%,.0f ms".formatted(value);
    }

    /** A bucket's upper bound: the p99 is at most that; beyond the last finite bound only "more than". */
    private static String lag(double value) {
        return Double.isInfinite(value) ? "> last bucket" : Double.isNaN(value) ? "n/a" : "≤ " + millis(value);
    }
}
