package io.cloudroutes.bench.load;

import io.cloudroutes.bench.OpsHttp;
import io.cloudroutes.bench.ProcessTree;
import io.cloudroutes.bench.Scrape;
import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus and blackbox_exporter as the peer CloudRoutes is compared with, set up as their documentation describes a
 * blackbox http check: blackbox_exporter with an {@code http_2xx} module, Prometheus scraping its {@code /probe} every
 * second for each target of a {@code file_sd} file (the usual relabeling: the target becomes the {@code target}
 * parameter and the {@code instance} label). Configuration, TSDB and logs in the run's directory; both listen on
 * 127.0.0.1 only, on free ports. One Prometheus runs through every step: {@link #showTargets} rewrites the file_sd
 * file, which Prometheus watches and reloads.
 */
final class PrometheusStack implements AutoCloseable {

    static final String JOB = "blackbox";
    static final String MODULE = "http_2xx";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path directory;
    private final String targetUrl;
    private final String prometheusUrl;
    private final String blackboxUrl;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    private PrometheusStack(Path directory, String targetUrl, int prometheusPort, int blackboxPort) {
        this.directory = directory;
        this.targetUrl = targetUrl;
        this.prometheusUrl = "http://127.0.0.1:" + prometheusPort;
        this.blackboxUrl = "http://127.0.0.1:" + blackboxPort;
    }

    /**
     * Writes the configuration (no targets yet), starts blackbox_exporter, then Prometheus, and waits until both answer.
     * Whatever started is stopped again when one fails.
     *
     * @param targetUrl the page every target is a distinct URL of ({@code <targetUrl>?m=<n>})
     */
    static PrometheusStack start(PeerBinaries binaries, Path workDirectory, String targetUrl, Duration timeout)
            throws IOException {
        Path directory = Files.createDirectories(workDirectory.resolve("prometheus"));
        int blackboxPort = LoopbackPorts.next();
        PrometheusStack stack = new PrometheusStack(directory, targetUrl, LoopbackPorts.next(), blackboxPort);
        try {
            Files.writeString(directory.resolve("blackbox.yml"), blackboxYml());
            Files.writeString(
                    directory.resolve("prometheus.yml"),
                    prometheusYml(stack.targetsFile(), "127.0.0.1:" + blackboxPort));
            stack.showTargets(0);
            stack.launch(
                    "blackbox_exporter",
                    binaries.blackboxExporter(),
                    "--config.file=" + directory.resolve("blackbox.yml"),
                    "--web.listen-address=" + URI.create(stack.blackboxUrl).getAuthority());
            stack.awaitAnswering(URI.create(stack.blackboxUrl + "/metrics"), timeout, "blackbox_exporter");
            stack.launch(
                    "prometheus",
                    binaries.prometheus(),
                    "--config.file=" + directory.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + directory.resolve("data"),
                    "--web.listen-address=" + URI.create(stack.prometheusUrl).getAuthority());
            stack.awaitAnswering(URI.create(stack.prometheusUrl + "/-/ready"), timeout, "prometheus");
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The blackbox_exporter module: an http GET that succeeds on a 2xx, as CloudRoutes' http monitors expect 200. */
    static String blackboxYml() {
        return """
                modules:
                  %s:
                    prober: http
                    timeout: 1s
                """.formatted(MODULE);
    }

    /**
     * Every target of {@code targetsFile} probed through blackbox_exporter at {@code blackboxAddress} every second, with
     * the scrape timeout the 1 s interval allows (blackbox_exporter gives its probe that less its 0.5 s offset).
     */
    static String prometheusYml(Path targetsFile, String blackboxAddress) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /probe
                    params:
                      module: [%s]
                    file_sd_configs:
                      - files: ['%s']
                    relabel_configs:
                      - source_labels: [__address__]
                        target_label: __param_target
                      - source_labels: [__param_target]
                        target_label: instance
                      - target_label: __address__
                        replacement: '%s'
                """.formatted(JOB, MODULE, targetsFile.toAbsolutePath(), blackboxAddress);
    }

    /** A file_sd file (JSON) of {@code count} distinct targets, {@code <targetUrl>?m=0} to {@code ?m=<count - 1>}. */
    static String targetsJson(String targetUrl, int count) {
        return IntStream.range(0, count)
                .mapToObj(n -> '"' + targetUrl + "?m=" + n + '"')
                .collect(Collectors.joining(",", "[{\"labels\":{},\"targets\":[", "]}]\n"));
    }

    /**
     * Replaces the targets with {@code count} of them, in one rename so that Prometheus never reads half a file; it
     * reloads the file when it sees it change ({@link #targetsScraped} says when it has).
     */
    void showTargets(int count) throws IOException {
        Path next = directory.resolve("targets.json.next");
        Files.writeString(next, targetsJson(targetUrl, count));
        Files.move(next, targetsFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The number of targets Prometheus' scrape pool holds now (0 before the first file was read). */
    int targetsScraped() {
        return (int) prometheusMetrics().sum("prometheus_target_scrape_pool_targets", "scrape_job=\"" + JOB + "\"");
    }

    Scrape prometheusMetrics() {
        return OpsHttp.scrape(URI.create(prometheusUrl + "/metrics"), null);
    }

    Scrape blackboxMetrics() {
        return OpsHttp.scrape(URI.create(blackboxUrl + "/metrics"), null);
    }

    /** An instant query of Prometheus' HTTP API, evaluated now: its {@code data.result}. */
    JsonNode query(String promql) {
        URI uri =
                URI.create(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(promql + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return JSON.readTree(answer.body()).path("data").path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Prometheus, then blackbox_exporter, each with its descendants (neither has any), for CPU and RSS. */
    Map<String, ProcessHandle> measuredProcesses() {
        Map<String, ProcessHandle> handles = new LinkedHashMap<>();
        for (String name : List.of("prometheus", "blackbox_exporter")) {
            handles.put(name, processes.get(name).toHandle());
        }
        return handles;
    }

    String description() {
        return "prometheus at " + prometheusUrl + " (pid "
                + processes.get("prometheus").pid() + "), blackbox_exporter at "
                + blackboxUrl + " (pid " + processes.get("blackbox_exporter").pid() + "); configuration and logs in "
                + directory;
    }

    private Path targetsFile() {
        return directory.resolve("targets.json");
    }

    private void launch(String name, Path binary, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(binary.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile());
        builder.command().addAll(List.of(args));
        processes.put(name, builder.start());
    }

    private void awaitAnswering(URI uri, Duration timeout, String what) {
        OpsHttp.awaitHealthy(
                uri,
                timeout,
                () -> processes.values().stream().anyMatch(p -> !p.isAlive()),
                what + " (log " + directory.resolve(what + ".log") + ")");
    }

    /** Prometheus first (SIGTERM: it closes its TSDB), then blackbox_exporter; SIGKILL after 30 s. */
    @Override
    public void close() {
        processes.values().stream()
                .toList()
                .reversed()
                .forEach(process -> ProcessTree.stop(process, Duration.ofSeconds(30)));
        processes.clear();
    }
}
