package io.cloudroutes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.control.ScheduleClaimBenchmark;
import io.cloudroutes.core.message.MessageCodecBenchmark;
import io.cloudroutes.crbridge.actioner.FoldBenchmark;
import io.cloudroutes.worker.HttpCheckBenchmark;
import io.cloudroutes.worker.WorkerRoundTripBenchmark;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark once, briefly and in this JVM, so that a benchmark broken by a change (a class it calls moved, a
 * server that no longer starts, a check that fails against the local target) fails the build instead of the next person
 * who measures. Not a measurement: the figures of a real run are in docs/benchmarks.md.
 */
class BenchmarksRunOnceTest {

    private static final List<Class<?>> BENCHMARKS = List.of(
            MessageCodecBenchmark.class,
            FoldBenchmark.class,
            ScheduleClaimBenchmark.class,
            HttpCheckBenchmark.class,
            WorkerRoundTripBenchmark.class);

    @Test
    void everyBenchmarkRunsAgainstItsRealPartsAndReportsATime() throws RunnerException {
        OptionsBuilder options = new OptionsBuilder();
        BENCHMARKS.forEach(type -> options.include("^" + type.getName().replace(".", "\\.") + "\\."));
        Collection<RunResult> results = new Runner(options.param("monitors", "10000")
                        .warmupIterations(0)
                        .measurementIterations(1)
                        .measurementTime(TimeValue.milliseconds(200))
                        .forks(0)
                        .shouldFailOnError(true)
                        .build())
                .run();

        Map<String, Double> scores = results.stream()
                .collect(Collectors.toMap(
                        result -> result.getParams().getBenchmark(),
                        result -> result.getPrimaryResult().getScore()));
        assertThat(scores).containsOnlyKeys(benchmarkMethods());
        assertThat(scores)
                .allSatisfy(
                        (benchmark, score) -> assertThat(score).as(benchmark).isPositive());
    }

    private static List<String> benchmarkMethods() {
        return BENCHMARKS.stream()
                .flatMap(type -> Stream.of(type.getDeclaredMethods())
                        .filter(method -> method.isAnnotationPresent(Benchmark.class))
                        .map(method -> type.getName() + "." + method.getName()))
                .toList();
    }
}
