package io.cloudroutes.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Prometheus + blackbox_exporter side-by-side run: the configuration it gives them, how it reads the freshness of
 * their results, and, where bench/install-tools has unpacked the binaries, a short run at a rate low enough to check
 * its figures against what was offered.
 */
class PrometheusComparisonTest {

    private static final String TARGET = "http://127.0.0.1:8081/";

    @TempDir
    Path directory;

    @Test
    @SuppressWarnings("unchecked")
    void prometheusProbesEachTargetThroughBlackboxEverySecond() {
        Map<String, Object> config =
                new Yaml().load(PrometheusStack.prometheusYml(directory.resolve("targets.json"), "127.0.0.1:9115"));

        assertThat((Map<String, Object>) config.get("global"))
                .containsEntry("scrape_interval", "1s")
                .containsEntry("scrape_timeout", "1s");
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job)
                    .containsEntry("job_name", "blackbox")
                    .containsEntry("metrics_path", "/probe")
                    .containsEntry("params", Map.of("module", List.of("http_2xx")))
                    .containsEntry(
                            "file_sd_configs",
                            List.of(Map.of(
                                    "files",
                                    List.of(directory.resolve("targets.json").toString()))));
            assertThat((List<Map<String, Object>>) job.get("relabel_configs"))
                    .containsExactly(
                            Map.of("source_labels", List.of("__address__"), "target_label", "__param_target"),
                            Map.of("source_labels", List.of("__param_target"), "target_label", "instance"),
                            Map.of("target_label", "__address__", "replacement", "127.0.0.1:9115"));
        });
        Map<String, Object> blackbox = new Yaml().load(PrometheusStack.blackboxYml());
        assertThat(blackbox)
                .isEqualTo(Map.of("modules", Map.of("http_2xx", Map.of("prober", "http", "timeout", "1s"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTargetsFileHoldsExactlyTheStepsNumberOfDistinctTargets() {
        List<Map<String, Object>> groups = new Yaml().load(PrometheusStack.targetsJson(TARGET, 2_000));

        assertThat(groups).singleElement().satisfies(group -> {
            List<String> targets = (List<String>) group.get("targets");
            assertThat(targets)
                    .hasSize(2_000)
                    .doesNotHaveDuplicates()
                    .allMatch(target -> target.startsWith(TARGET + "?m="));
            assertThat(targets).contains(TARGET + "?m=0", TARGET + "?m=1999");
        });
        List<Map<String, Object>> none = new Yaml().load(PrometheusStack.targetsJson(TARGET, 0));
        assertThat((List<String>) none.getFirst().get("targets")).isEmpty();
    }

    @Test
    void promtoolAcceptsTheConfiguration() throws Exception {
        Optional<Path> promtool = PeerBinaries.locate("promtool");
        assumeThat(promtool)
                .as("no promtool (Debian package prometheus; bench/install-tools unpacks it)")
                .isPresent();
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, PrometheusStack.prometheusYml(directory.resolve("targets.json"), "127.0.0.1:9115"));
        Files.writeString(directory.resolve("targets.json"), PrometheusStack.targetsJson(TARGET, 3));

        Process check = new ProcessBuilder(promtool.get().toString(), "check", "config", config.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void aResultsAgeIsNowLessItsSampleTimeAndATargetWithoutOneCountsAsMissing() {
        Instant now = Instant.parse("2026-12-03T15:00:10Z");
        String answer = """
                {"status":"success","data":{"resultType":"vector","result":[
                 {"metric":{"instance":"%1$s?m=0","job":"blackbox"},"value":[%2$d.5,"%3$d.25"]},
                 {"metric":{"instance":"%1$s?m=1","job":"blackbox"},"value":[%2$d.5,"%4$d.9"]}]}}""".formatted(TARGET, now.getEpochSecond(), now.getEpochSecond() - 1, now.getEpochSecond() - 3);

        ResultAges ages = ResultAges.of(
                JsonMapper.builder().build().readTree(answer).path("data").path("result"), now, 3);

        assertThat(ages.agesMs()).containsExactly(750L, 2_100L);
        assertThat(ages.missing()).isEqualTo(1);
        ResultAges twoReads = ages.and(new ResultAges(List.of(400L, 500L, 600L), 0));
        assertThat(twoReads.agesMs()).containsExactly(400L, 500L, 600L, 750L, 2_100L);
        assertThat(twoReads.percentileMs(0.50)).isEqualTo(600);
        assertThat(twoReads.percentileMs(0.99)).isEqualTo(2_100);
        assertThat(twoReads.missingShare()).isEqualTo(1.0 / 6);
    }

    /**
     * 20 targets probed every second: Prometheus scrapes and blackbox_exporter probes about 20 a second, every target
     * has a result at most a couple of seconds old, and the processes' CPU and memory are read. Skipped where the
     * binaries are not installed (bench/install-tools).
     */
    @Test
    void aShortRunAtALowRateMeasuresWhatItOffers() throws Exception {
        Optional<PeerBinaries> binaries = PeerBinaries.find();
        assumeThat(binaries)
                .as("no prometheus and prometheus-blackbox-exporter: run bench/install-tools")
                .isPresent();
        List<PeerStepRow> rows;
        try (LoadTarget target = LoadTarget.start(directory);
                PrometheusStack stack =
                        PrometheusStack.start(binaries.get(), directory, target.url(), Duration.ofSeconds(30))) {
            rows = new PrometheusComparison(stack, Duration.ofSeconds(3), Duration.ofSeconds(6)).run(List.of(20));
        }

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.offeredPerSecond()).isEqualTo(20);
            assertThat(row.scrapesPerSecond()).isCloseTo(20, within(5.0));
            assertThat(row.probesPerSecond()).isCloseTo(20, within(5.0));
            assertThat(row.storedPerSecond()).isCloseTo(20, within(5.0));
            assertThat(row.resultAgeP50Ms()).isBetween(0.0, 2_000.0);
            assertThat(row.missingShare()).isLessThan(0.25);
            assertThat(row.failedShare()).isZero();
            assertThat(row.processes())
                    .extracting(StepRow.ProcessFigures::process)
                    .containsExactly("prometheus", "blackbox_exporter");
            assertThat(row.processes()).allSatisfy(process -> {
                assertThat(process.cpuMsPerCheck()).isPositive();
                assertThat(process.rssMb()).isPositive();
            });
        });
    }
}
