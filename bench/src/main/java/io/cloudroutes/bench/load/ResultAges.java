package io.cloudroutes.bench.load;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How fresh Prometheus' view of the targets is at one moment, the peer of CloudRoutes' state age: for each target the
 * age of its latest {@code probe_success} sample (now − the sample's timestamp, the start of the scrape that wrote it),
 * and how many targets have none: never scraped, or their latest scrape failed (Prometheus then marks the target's
 * series stale, so a query finds no value for it).
 *
 * @param agesMs  the ages of the targets that have a result, in milliseconds, sorted
 * @param missing targets without a result
 */
record ResultAges(List<Long> agesMs, int missing) {

    /** The query whose answer {@link #of} reads: the timestamp of every target's latest result. */
    static final String QUERY = "timestamp(probe_success{job=\"" + PrometheusStack.JOB + "\"})";

    /**
     * @param result  {@code data.result} of an instant query of {@link #QUERY}: one element per target, its value
     *                {@code [evaluation time, "sample timestamp in seconds"]}
     * @param now     when the answer arrived
     * @param targets how many targets Prometheus was given
     */
    static ResultAges of(JsonNode result, Instant now, int targets) {
        List<Long> ages = new ArrayList<>();
        for (JsonNode series : result) {
            long sampleMillis = new BigDecimal(series.path("value").get(1).asString())
                    .movePointRight(3)
                    .longValue();
            ages.add(Math.max(0, now.toEpochMilli() - sampleMillis));
        }
        Collections.sort(ages);
        return new ResultAges(List.copyOf(ages), Math.max(0, targets - ages.size()));
    }

    /** These ages and those of {@code other} (a later read), with both reads' missing targets. */
    ResultAges and(ResultAges other) {
        List<Long> ages = new ArrayList<>(agesMs);
        ages.addAll(other.agesMs());
        Collections.sort(ages);
        return new ResultAges(List.copyOf(ages), missing + other.missing());
    }

    double percentileMs(double q) {
        return LoadHarness.percentile(agesMs, q);
    }

    /** The share of targets without a result, over every read these ages come from. */
    double missingShare() {
        int total = agesMs.size() + missing;
        return total == 0 ? Double.NaN : (double) missing / total;
    }
}
