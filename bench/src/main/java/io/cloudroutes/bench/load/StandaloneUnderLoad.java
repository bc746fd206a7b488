package io.cloudroutes.bench.load;

import io.cloudroutes.bench.OpsHttp;
import io.cloudroutes.bench.ProcessTree;
import io.cloudroutes.bench.Scrape;
import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar cloudroutes.jar} as a person runs it: its own JVM, its embedded PostgreSQL and Redis as its children,
 * measured as one process tree.
 */
final class StandaloneUnderLoad implements SystemUnderLoad {

    private final Process process;
    private final Path jar;
    private final Path log;
    private final String opsUrl;
    private final CloudRoutesApi api;

    private StandaloneUnderLoad(Process process, Path jar, Path log, String url, String opsUrl) {
        this.process = process;
        this.jar = jar;
        this.log = log;
        this.opsUrl = opsUrl;
        this.api = new CloudRoutesApi(url);
    }

    /**
     * Starts the jar with loopback targets allowed ({@code CLOUDROUTES_EGRESS_ALLOW=127.0.0.0/8}), no monitor quota,
     * a 1 s shortest interval and its ops port for /metrics, and waits until its UI answers.
     */
    static StandaloneUnderLoad start(HarnessConfig config, Path workDirectory) throws IOException {
        if (!Files.isRegularFile(config.standaloneJar())) {
            throw new IllegalStateException(
                    "no " + config.standaloneJar().toAbsolutePath()
                            + ": build it with ./mvnw -B -o package -pl standalone -am -DskipTests, or name it with -Dbench.jar");
        }
        int port = LoopbackPorts.next();
        Path log = workDirectory.resolve("standalone.log");
        int opsPort = LoopbackPorts.next();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // e.g. -Dbench.jvm-options='-XX:StartFlightRecording=filename=/tmp/standalone.jfr' to see where time goes
        String jvmOptions = System.getProperty("bench.jvm-options", "").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of(
                "-jar",
                config.standaloneJar().toAbsolutePath().toString(),
                "--cloudroutes.port=" + port,
                "--cloudroutes.data-dir=" + workDirectory.resolve("data").toAbsolutePath(),
                "--cloudroutes.monitors.min-interval-seconds=1"));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment()
                .putAll(Map.of(
                        "CLOUDROUTES_EGRESS_ALLOW", "127.0.0.0/8",
                        "CLOUDROUTES_QUOTA_MONITORS", "0",
                        "CLOUDROUTES_OPS_PORT", String.valueOf(opsPort)));
        Process process = builder.start();
        StandaloneUnderLoad standalone = new StandaloneUnderLoad(
                process, config.standaloneJar(), log, "http://127.0.0.1:" + port, "http://127.0.0.1:" + opsPort);
        try {
            OpsHttp.awaitHealthy(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health"),
                    config.startTimeout(),
                    () -> !process.isAlive(),
                    "the standalone");
            // the ops port opens after the UI: until it does, a client's connection could take its port
            OpsHttp.awaitHealthy(
                    URI.create("http://127.0.0.1:" + opsPort + "/metrics"),
                    config.startTimeout(),
                    () -> !process.isAlive(),
                    "the standalone's ops endpoint");
            return standalone;
        } catch (RuntimeException e) {
            standalone.close();
            throw e;
        }
    }

    @Override
    public CloudRoutesApi api() {
        return api;
    }

    @Override
    public Scrape scrape() {
        return OpsHttp.scrape(URI.create(opsUrl + "/metrics"), null);
    }

    @Override
    public Map<String, ProcessHandle> measuredProcesses() {
        return Map.of("standalone", process.toHandle());
    }

    @Override
    public String description() {
        return "standalone: " + jar + ", pid " + process.pid() + ", log " + log;
    }

    /** SIGTERM (the standalone stops its embedded databases), then SIGKILL of the whole tree if it does not stop. */
    @Override
    public void close() {
        ProcessTree.stop(process, Duration.ofSeconds(60));
    }
}
