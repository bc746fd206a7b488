package io.cloudroutes.bench.schedule;

import io.cloudroutes.bench.ChildJvm;
import io.cloudroutes.bench.OpsHttp;
import io.cloudroutes.bench.Scrape;
import io.cloudroutes.broker.Broker;
import io.cloudroutes.control.Control;
import io.cloudroutes.core.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control and the broker each in a JVM of its own, as a deployment runs them: their own {@code main}, started from
 * the benchmark's class path, configured only by environment variables, their health and metrics on an ops port on
 * 127.0.0.1, their output in a log file each. Their CPU and memory are then their own processes'.
 */
final class PartsInChildJvms implements ScheduleParts {

    static final String CONTROL = "cram-control";
    static final String BROKER = "cram-broker";
    /** A JVM that has not answered its health check by then is taken as failed. */
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    /** From SIGTERM to SIGKILL: the control and broker close their sockets within a second or two. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path logs;
    private final List<Child> children = new ArrayList<>();

    private record Child(ChildJvm jvm, URI metrics) {}

    private PartsInChildJvms(Path logs) {
        this.logs = logs;
    }

    /**
     * Starts the broker, then the control, each with its environment and an ops port of its own; returns once both
     * answer their health checks. Whatever started is stopped again when one fails.
     */
    static PartsInChildJvms start(
            Map<String, String> controlEnvironment,
            Map<String, String> brokerEnvironment,
            ScheduleSettings settings,
            Path logs) {
        PartsInChildJvms parts = new PartsInChildJvms(logs);
        try {
            parts.launch(BROKER, Broker.class.getName(), settings.brokerJvmOptions(), brokerEnvironment);
            parts.launch(CONTROL, Control.class.getName(), settings.controlJvmOptions(), controlEnvironment);
            return parts;
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    private void launch(String name, String mainClass, List<String> jvmOptions, Map<String, String> environment) {
        int opsPort = LoopbackPorts.next();
        Map<String, String> withOps = new LinkedHashMap<>(environment);
        withOps.put("CLOUDROUTES_OPS_ADDRESS", "127.0.0.1");
        withOps.put("CLOUDROUTES_OPS_PORT", String.valueOf(opsPort));
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-XX:+ExitOnOutOfMemoryError");
        ChildJvm jvm;
        try {
            jvm = ChildJvm.start(
                    name,
                    options,
                    List.of("-cp", System.getProperty("java.class.path"), mainClass),
                    withOps,
                    logs.resolve(name + ".log"),
                    STOP_GRACE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        String ops = "http://127.0.0.1:" + opsPort;
        children.add(new Child(jvm, URI.create(ops + "/metrics")));
        jvm.awaitHealthy(URI.create(ops + "/health"), READY_WITHIN);
    }

    @Override
    public Scrape metrics() {
        return Scrape.merged(children.stream()
                .map(child -> OpsHttp.scrape(child.metrics(), null))
                .toList());
    }

    /** The control, then the broker. */
    @Override
    public Map<String, ProcessHandle> ownProcesses() {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        children.reversed()
                .forEach(child -> processes.put(child.jvm().name(), child.jvm().handle()));
        return processes;
    }

    @Override
    public void requireRunning() {
        children.forEach(child -> child.jvm().requireRunning());
    }

    @Override
    public String description() {
        StringBuilder text = new StringBuilder("each in a JVM of its own (-Dbench.processes=separate):");
        children.reversed()
                .forEach(child -> text.append(' ')
                        .append(child.jvm().name())
                        .append(" pid ")
                        .append(child.jvm().handle().pid())
                        .append(','));
        return text.append(" logs in ").append(logs).toString();
    }

    @Override
    public void close() {
        children.reversed().forEach(child -> child.jvm().close());
        children.clear();
    }
}
