package io.cloudroutes.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an embedded database server that a CloudRoutes JVM left running when it was killed ({@code kill -9}, an OOM
 * kill): its pid file names it, and it still works in our data directory, so a new server there would refuse to start
 * (PostgreSQL) or write the same files at the same time (Redis). A process is taken as ours only when it runs the
 * expected program with its working directory in our data directory; a pid file naming anything else (a pid reused
 * after a reboot, another user's process) is stale, and no such process is ever signalled.
 */
final class OrphanedServer {

    private static final Logger log = LoggerFactory.getLogger(OrphanedServer.class);
    /** How long a server gets to shut down cleanly before it is killed. */
    static final Duration CLEAN_STOP = Duration.ofSeconds(30);

    private OrphanedServer() {}

    /**
     * Stops the server that {@code pidFile} names if it is ours: first with {@code signal} (its clean shutdown), then,
     * if it is still running after {@link #CLEAN_STOP}, with SIGKILL together with its children. Returns whether it
     * stopped one.
     */
    static boolean stopIfOurs(String what, Path pidFile, Path dataDirectory, String program, String signal) {
        Optional<ProcessHandle> found = runningFrom(pidFile, dataDirectory, program);
        if (found.isEmpty()) {
            return false;
        }
        ProcessHandle server = found.get();
        log.warn(
                "{} of an earlier run is still running, stopping it pid={} data={}", what, server.pid(), dataDirectory);
        List<ProcessHandle> children = server.descendants().toList();
        if (!send(signal, server)) {
            server.destroy();
        }
        if (!awaitExit(server, CLEAN_STOP)) {
            log.warn(
                    "{} of an earlier run did not stop within {} s, killing it pid={}",
                    what,
                    CLEAN_STOP.toSeconds(),
                    server.pid());
            server.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            awaitExit(server, Duration.ofSeconds(10));
        }
        // its children (PostgreSQL's backends) hold shared memory a new server checks for: wait for them too
        children.forEach(child -> awaitExit(child, Duration.ofSeconds(10)));
        log.info("{} of an earlier run stopped pid={}", what, server.pid());
        return true;
    }

    /** The live process the pid file names, if it runs {@code program} with its working directory in ours. */
    static Optional<ProcessHandle> runningFrom(Path pidFile, Path dataDirectory, String program) {
        long pid;
        try {
            String first =
                    Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            pid = Long.parseLong(first);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            log.info("ignoring an unreadable pid file file={} error={}", pidFile, e.toString());
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Optional.empty();
        }
        switch (owner(pid, dataDirectory, program)) {
            case OURS -> {
                return process;
            }
            case SOMEONE_ELSE -> {
                // after a power cut the pid may belong to anything now; PostgreSQL would refuse to start beside it
                log.info(
                        "pid file names a process that is not our server, removing the stale file file={} pid={}",
                        pidFile,
                        pid);
                deleteQuietly(pidFile);
            }
            case CANNOT_TELL ->
                log.info(
                        "pid file names a process this user cannot inspect, leaving both alone " + "file={} pid={}",
                        pidFile,
                        pid);
        }
        return Optional.empty();
    }

    private enum Owner {
        OURS,
        SOMEONE_ELSE,
        CANNOT_TELL
    }

    /** Whether {@code pid} runs {@code program} with its working directory in {@code dataDirectory}, as /proc says. */
    private static Owner owner(long pid, Path dataDirectory, String program) {
        Path proc = Path.of("/proc", String.valueOf(pid));
        try {
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            String command = new String(Files.readAllBytes(proc.resolve("cmdline"))).split("\0", 2)[0];
            Path executable = Path.of(command).getFileName();
            boolean ours = executable != null
                    && executable.toString().startsWith(program)
                    && cwd.normalize().startsWith(dataDirectory.toRealPath());
            return ours ? Owner.OURS : Owner.SOMEONE_ELSE;
        } catch (IOException | RuntimeException e) {
            return Owner.CANNOT_TELL;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not remove a stale pid file file={} error={}", file, e.toString());
        }
    }

    private static boolean send(String signal, ProcessHandle process) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean awaitExit(ProcessHandle process, Duration within) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
