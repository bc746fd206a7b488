package io.cloudroutes.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A JVM that a benchmark starts and owns, as a deployment runs a CloudRoutes process: configured by the environment it
 * is given (none of the benchmark's own CLOUDROUTES_* variables leaks in), its output in a log file, and stopped
 * (SIGTERM, then SIGKILL after a bound) when closed or when the benchmark's JVM exits, however it exits (Ctrl-C, an
 * exception): a child left running would hold its ports and skew the next run.
 */
public final class ChildJvm implements AutoCloseable {

    /** How much of its log a failure shows: enough for a stack trace's top, not the whole start-up. */
    private static final int LOG_TAIL_BYTES = 4_000;

    private final String name;
    private final Process process;
    private final Path log;
    private final Duration stopGrace;
    private final Thread stopOnExit;

    private ChildJvm(String name, Process process, Path log, Duration stopGrace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stopGrace = stopGrace;
        this.stopOnExit = new Thread(() -> ProcessTree.stop(process, stopGrace), name + "-stop");
    }

    /**
     * Starts {@code java <jvmOptions> <launch>} (e.g. {@code -jar app.jar} or {@code -cp <path> <main class>}) with
     * this JVM's own java, {@code environment} in place of the CLOUDROUTES_* variables this JVM has, and its output
     * and errors appended to {@code log}.
     *
     * @param stopGrace how long {@link #close()} waits after SIGTERM before it sends SIGKILL
     */
    public static ChildJvm start(
            String name,
            List<String> jvmOptions,
            List<String> launch,
            Map<String, String> environment,
            Path log,
            Duration stopGrace)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(launch);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // only what a deployment sets: no CLOUDROUTES_* of the benchmark's own environment
        builder.environment().keySet().removeIf(variable -> variable.startsWith("CLOUDROUTES_"));
        builder.environment().putAll(environment);
        ChildJvm child = new ChildJvm(name, builder.start(), log, stopGrace);
        Runtime.getRuntime().addShutdownHook(child.stopOnExit);
        return child;
    }

    /**
     * JVM options from the system property {@code property} (separated by spaces), or {@code defaults} when it is not
     * set: a benchmark's way to try another heap or collector for one process.
     */
    public static List<String> jvmOptions(String property, String defaults) {
        String options = System.getProperty(property, defaults).trim();
        return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    }

    public String name() {
        return name;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code health} answers 200; fails with the end of the log when the JVM ends first or takes longer. */
    public void awaitHealthy(URI health, Duration timeout) {
        try {
            OpsHttp.awaitHealthy(health, timeout, () -> !process.isAlive(), name);
        } catch (IllegalStateException e) {
            throw failure(e.getMessage());
        }
    }

    /** Fails, with the end of the log, unless the JVM still runs. */
    public void requireRunning() {
        if (!process.isAlive()) {
            throw failure(name + " ended with exit code " + process.exitValue());
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(what + "; the end of its log " + log + ":\n" + logTail());
    }

    /** The last few kilobytes of the log, from the start of a line. */
    String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - LOG_TAIL_BYTES);
            byte[] tail = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8);
            return from == 0 ? text : text.substring(text.indexOf('\n') + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    /** SIGTERM, then SIGKILL of the JVM and what it started if it has not ended within the grace period. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException exiting) {
            // the hook runs (or ran) already and stops it
        }
        ProcessTree.stop(process, stopGrace);
    }
}
