package io.cloudroutes.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** One read of a Prometheus endpoint (the standalone's {@code /metrics} on its ops port, or each process's): its samples. */
public record Scrape(List<Sample> samples) {

    public record Sample(String name, String labels, double value) {}

    public static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace >= 0 && brace < space
                    ? line.substring(0, brace)
                    : line.substring(0, space).trim();
            String labels = brace >= 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            samples.add(new Sample(
                    name, labels, Double.parseDouble(line.substring(space + 1).trim())));
        }
        return new Scrape(samples);
    }

    /** The samples of several processes' endpoints together: {@link #sum} and {@link #buckets} add them up. */
    public static Scrape merged(List<Scrape> scrapes) {
        return new Scrape(
                scrapes.stream().flatMap(scrape -> scrape.samples().stream()).toList());
    }

    /** The sum of every series of this name whose labels contain {@code labelPart} (e.g. {@code outcome="folded"}). */
    public double sum(String name, String labelPart) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().contains(labelPart))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** A histogram's cumulative bucket counts by upper bound, summed over its series. */
    public TreeMap<Double, Double> buckets(String histogram) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Sample sample : samples) {
            if (!sample.name().equals(histogram + "_bucket")) {
                continue;
            }
            int le = sample.labels().indexOf("le=\"");
            String bound = sample.labels().substring(le + 4, sample.labels().indexOf('"', le + 4));
            buckets.merge(
                    bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                    sample.value(),
                    Double::sum);
        }
        return buckets;
    }

    /**
     * The upper bound of the bucket that holds the quantile of what a histogram counted between two scrapes: with
     * buckets as coarse as the worker's schedule lag (100 ms, 250 ms, 500 ms, 1 s, ...) an interpolated value would
     * suggest a precision the histogram does not have. NaN without observations, infinite past the last finite bound.
     */
    public static double quantileBound(double q, TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
        if (after.isEmpty()) {
            return Double.NaN;
        }
        double total = after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        for (var bucket : after.entrySet()) {
            if (bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0) >= q * total) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
