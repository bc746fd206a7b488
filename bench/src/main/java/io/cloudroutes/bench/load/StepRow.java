package io.cloudroutes.bench.load;

/**
 * The figures of one rate step. Ages and lags in milliseconds (the lag's p99 as the
 * upper bound of its histogram bucket), NaN when nothing was there to measure (e.g. no
 * schedule lag histogram exposed).
 */
record StepRow(int offeredPerSecond, double checksPerSecond, double foldsPerSecond, double stateAgeP50Ms,
        double stateAgeP99Ms, double scheduleLagP99Ms, double cpuMsPerCheck, double rssMb) {

    static final String HEADER = """
            | offered checks/s | checks/s executed | folds/s | state age p50 | state age p99 | schedule lag p99 | CPU ms/check | RSS MB |
            |---:|---:|---:|---:|---:|---:|---:|---:|""";

    String markdown() {
        return "| %,d | %,.0f | %,.0f | %s | %s | %s | %.2f | %,.0f |".formatted(offeredPerSecond, checksPerSecond,
                foldsPerSecond, millis(stateAgeP50Ms), millis(stateAgeP99Ms), lag(scheduleLagP99Ms), cpuMsPerCheck,
                rssMb);
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "n/a" : value >= 10_000 ? "%,.1f s".formatted(value / 1000)
                : "%,.0f ms".formatted(value);
    }

    /** A bucket's upper bound: the p99 is at most that; beyond the last finite bound (120 s) only "more than". */
    private static String lag(double value) {
        return Double.isInfinite(value) ? "> 120 s" : Double.isNaN(value) ? "n/a" : "≤ " + millis(value);
    }
}
