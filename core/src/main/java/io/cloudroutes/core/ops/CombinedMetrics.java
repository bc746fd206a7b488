package io.cloudroutes.core.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The meters of several registries as one Prometheus scrape: what the standalone serves for the processes it runs in
 * one JVM. A metric that more than one process has (JVM metrics, {@code cloudroutes_zmq_peers_refused_total}) becomes
 * one family with the series of each, told apart by their {@code process} label, because a scrape may name a family
 * only once.
 */
public final class CombinedMetrics {

    private final List<Supplier<PrometheusMeterRegistry>> registries;

    /**
     * @param registries each process's registry, asked at every scrape (a process started later, or one whose registry
     *                   is not there, simply contributes nothing)
     */
    public CombinedMetrics(List<Supplier<PrometheusMeterRegistry>> registries) {
        this.registries = List.copyOf(registries);
    }

    /** The combined scrape in the Prometheus text format. */
    public String scrape() {
        Map<String, List<MetricSnapshot>> families = new LinkedHashMap<>();
        for (Supplier<PrometheusMeterRegistry> source : registries) {
            PrometheusMeterRegistry registry = source.get();
            if (registry == null) {
                continue;
            }
            for (MetricSnapshot snapshot : registry.getPrometheusRegistry().scrape()) {
                families.computeIfAbsent(snapshot.getMetadata().getPrometheusName(), name -> new ArrayList<>())
                        .add(snapshot);
            }
        }
        List<MetricSnapshot> merged =
                families.values().stream().map(CombinedMetrics::merge).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(merged));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One family from the snapshots of one name: the first one's kind and help, every distinct series. */
    private static MetricSnapshot merge(List<MetricSnapshot> snapshots) {
        MetricSnapshot first = snapshots.getFirst();
        if (snapshots.size() == 1) {
            return first;
        }
        return switch (first) {
            case CounterSnapshot counter ->
                new CounterSnapshot(
                        counter.getMetadata(),
                        points(snapshots, CounterSnapshot.class, CounterSnapshot::getDataPoints));
            case GaugeSnapshot gauge ->
                new GaugeSnapshot(
                        gauge.getMetadata(), points(snapshots, GaugeSnapshot.class, GaugeSnapshot::getDataPoints));
            case HistogramSnapshot histogram ->
                new HistogramSnapshot(
                        histogram.isGaugeHistogram(),
                        histogram.getMetadata(),
                        points(snapshots, HistogramSnapshot.class, HistogramSnapshot::getDataPoints));
            case SummarySnapshot summary ->
                new SummarySnapshot(
                        summary.getMetadata(),
                        points(snapshots, SummarySnapshot.class, SummarySnapshot::getDataPoints));
            case InfoSnapshot info ->
                new InfoSnapshot(
                        info.getMetadata(), points(snapshots, InfoSnapshot.class, InfoSnapshot::getDataPoints));
            case StateSetSnapshot stateSet ->
                new StateSetSnapshot(
                        stateSet.getMetadata(),
                        points(snapshots, StateSetSnapshot.class, StateSetSnapshot::getDataPoints));
            case UnknownSnapshot unknown ->
                new UnknownSnapshot(
                        unknown.getMetadata(),
                        points(snapshots, UnknownSnapshot.class, UnknownSnapshot::getDataPoints));
            default -> first;
        };
    }

    /** The series of every snapshot of {@code kind}; a series whose labels an earlier one had is left out. */
    private static <S extends MetricSnapshot, P extends DataPointSnapshot> List<P> points(
            List<MetricSnapshot> snapshots, Class<S> kind, java.util.function.Function<S, List<P>> pointsOf) {
        Set<Labels> seen = new HashSet<>();
        List<P> points = new ArrayList<>();
        for (MetricSnapshot snapshot : snapshots) {
            if (kind.isInstance(snapshot)) {
                for (P point : pointsOf.apply(kind.cast(snapshot))) {
                    if (seen.add(point.getLabels())) {
                        points.add(point);
                    }
                }
            }
        }
        return points;
    }
}
