package io.cloudroutes.bench.load;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of one webhook step. Latencies in milliseconds from each delivery's due time.
 *
 * @param acceptedPerSecond  answers 2xx per second, from the first due time to the last answer
 * @param notAccepted        deliveries answered otherwise, by answer (status, {@code io error}, {@code not sent})
 * @param recordedPerSecond  webhook results folded into state per second while the step was sent
 * @param appended           deliveries answered 202 (appended); each must be recorded
 * @param recorded           webhook results folded from the step's start until the drain ended
 * @param drainSeconds       how long after the last answer it took until {@code recorded} reached {@code appended}, or
 *                           the drain's deadline
 * @param cpuMsPerDelivery   CPU of CloudRoutes' processes (with their databases) from the step's start to the drain's
 *                           end, per delivery accepted
 * @param harnessCpuMsPerDelivery the harness's own CPU (the senders) in the same time, per delivery accepted
 */
record WebhookRow(
        int offeredPerSecond,
        double acceptedPerSecond,
        Map<String, Long> notAccepted,
        double p50Ms,
        double p99Ms,
        double maxMs,
        double recordedPerSecond,
        long appended,
        long recorded,
        double drainSeconds,
        double cpuMsPerDelivery,
        double harnessCpuMsPerDelivery,
        double rssMb) {

    static final String HEADER = """
            | offered deliveries/s | accepted/s (2xx) | not accepted | latency p50 | p99 | max | recorded/s | accepted = recorded (after drain) | CPU ms/delivery | harness CPU ms/delivery | RSS MB |
            |---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|""";

    boolean noneLost() {
        return recorded == appended;
    }

    String markdown() {
        String refused = notAccepted.isEmpty()
                ? "none"
                : notAccepted.entrySet().stream()
                        .map(answer -> "%,d × %s".formatted(answer.getValue(), answer.getKey()))
                        .collect(Collectors.joining(", "));
        String check = noneLost()
                ? "yes: %,d (%.1f s)".formatted(appended, drainSeconds)
                : "**no**: %,d accepted, %,d recorded within %.0f s".formatted(appended, recorded, drainSeconds);
        return "| %,d | %,.0f | %s | %s | %s | %s | %,.0f | %s | %.3f | %.3f | %,.0f |"
                .formatted(
                        offeredPerSecond,
                        acceptedPerSecond,
                        refused,
                        millis(p50Ms),
                        millis(p99Ms),
                        millis(maxMs),
                        recordedPerSecond,
                        check,
                        cpuMsPerDelivery,
                        harnessCpuMsPerDelivery,
                        rssMb);
    }

    private static String millis(double value) {
        return Double.isInfinite(value)
                ? "not sent"
                : value >= 10_000
                        ? "%,.1f s".formatted(value / 1000)
                        : value >= 10 ? "%,.0f ms".formatted(value) : "%.1f ms".formatted(value);
    }
}
