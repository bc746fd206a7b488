package io.cloudroutes.bench.load;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The figures of one rate step of Prometheus + blackbox_exporter, in the terms of CloudRoutes' {@link StepRow}. Ages in
 * milliseconds, shares from 0 to 1, NaN when there was nothing to measure.
 *
 * @param scrapesPerSecond  scrapes of the blackbox job Prometheus performed (whatever their outcome)
 * @param probesPerSecond   probes blackbox_exporter executed: connections its http prober opened to the target
 * @param storedPerSecond   {@code probe_success} samples that reached Prometheus' storage: results a user can see
 * @param missingShare      targets whose latest scrape failed or that have none, at the moments they were read
 * @param failedShare       targets whose latest probe failed (probe_success 0), at the same moments
 * @param processes         CPU per executed probe and RSS of prometheus, then of blackbox_exporter
 */
record PeerStepRow(
        int offeredPerSecond,
        double scrapesPerSecond,
        double probesPerSecond,
        double storedPerSecond,
        double resultAgeP50Ms,
        double resultAgeP99Ms,
        double missingShare,
        double failedShare,
        List<StepRow.ProcessFigures> processes) {

    static final String HEADER = """
            | offered probes/s | scrapes/s | probes/s executed | results stored/s | result age p50 | result age p99 | targets without a result | probes failed | CPU ms/probe: prometheus + blackbox_exporter = total | RSS MB: prometheus + blackbox_exporter = total |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|""";

    String markdown() {
        return "| %,d | %,.0f | %,.0f | %,.0f | %s | %s | %s | %s | %s | %s |"
                .formatted(
                        offeredPerSecond,
                        scrapesPerSecond,
                        probesPerSecond,
                        storedPerSecond,
                        millis(resultAgeP50Ms),
                        millis(resultAgeP99Ms),
                        percent(missingShare),
                        percent(failedShare),
                        parts(
                                processes.stream()
                                        .map(StepRow.ProcessFigures::cpuMsPerCheck)
                                        .toList(),
                                "%.2f"),
                        parts(
                                processes.stream()
                                        .map(StepRow.ProcessFigures::rssMb)
                                        .toList(),
                                "%,.0f"));
    }

    /** "a + b = total", or the one figure alone. */
    private static String parts(List<Double> figures, String format) {
        String each = figures.stream().map(format::formatted).collect(Collectors.joining(" + "));
        return figures.size() < 2
                ? each
                : each + " = "
                        + format.formatted(figures.stream()
                                .mapToDouble(Double::doubleValue)
                                .sum());
    }

    private static String millis(double value) {
        return Double.isNaN(value)
                ? "n/a"
                : value >= 10_000 ? "%,.1f s".formatted(value / 1000) : "%,.0f ms".formatted(value);
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : "%.1f %%".formatted(share * 100);
    }
}
