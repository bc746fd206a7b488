package io.cloudroutes.bench.load;

/**
 * The figures of one rate step. Ages and lags in milliseconds (a histogram's p99 as the upper bound of its bucket), NaN
 * when nothing was there to measure (e.g. no reaction ran in the step).
 *
 * @param delayedPerSecond checks the controls claimed a second or more after their due time, per second
 * @param reactions        reaction runs of the probe monitors whose start the detection → reaction p99 is taken over
 */
record StepRow(int offeredPerSecond, double checksPerSecond, double foldsPerSecond, double stateAgeP50Ms,
        double stateAgeP99Ms, double scheduleLagP99Ms, double delayedPerSecond, double detectionToReactionP99Ms,
        long reactions, double cpuMsPerCheck, double rssMb) {

    static final String HEADER = """
            | offered checks/s | checks/s executed | folds/s | state age p50 | state age p99 | schedule lag p99 | checks delayed/s | detection → reaction p99 (runs) | CPU ms/check | RSS MB |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|""";

    String markdown() {
        return "| %,d | %,.0f | %,.0f | %s | %s | %s | %,.0f | %s (%,d) | %.2f | %,.0f |".formatted(offeredPerSecond,
                checksPerSecond, foldsPerSecond, millis(stateAgeP50Ms), millis(stateAgeP99Ms), lag(scheduleLagP99Ms),
                delayedPerSecond, lag(detectionToReactionP99Ms), reactions, cpuMsPerCheck, rssMb);
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "n/a" : value >= 10_000 ? "%,.1f s".formatted(value / 1000)
                : "%,.0f ms".formatted(value);
    }

    /** A bucket's upper bound: the p99 is at most that; beyond the last finite bound only "more than". */
    private static String lag(double value) {
        return Double.isInfinite(value) ? "> last bucket" : Double.isNaN(value) ? "n/a" : "≤ " + millis(value);
    }
}
