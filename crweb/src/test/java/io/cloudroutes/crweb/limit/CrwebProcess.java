package io.cloudroutes.crweb.limit;

import io.cloudroutes.crweb.CrwebApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * crweb started as its own JVM from the test class path, with a heap as small as the test asks for, its output kept in
 * a log file. The JVM exits on an OutOfMemoryError instead of limping on, so a body that was held in memory shows as
 * a dead process and that error in the log.
 */
final class CrwebProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private CrwebProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts crweb on a free loopback port with {@code -Xmx<heap>} and {@code properties} as its arguments. */
    static CrwebProcess start(String heap, Map<String, String> properties, Path logDirectory) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CrwebApplication.class.getName(),
                "--server.port=" + port,
                "--server.address=127.0.0.1"));
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve("crweb-" + port + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new CrwebProcess(process, log, port);
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The end of the log, for failure messages. */
    String logTail() {
        String all = log();
        return "crweb (" + log + "), exit " + (process.isAlive() ? "none yet" : process.exitValue()) + ":\n"
                + all.substring(Math.max(0, all.length() - 6000));
    }

    /** SIGTERM, then SIGKILL if it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
