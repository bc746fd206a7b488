package io.cloudroutes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a process and all its descendants (the standalone's JVM with its embedded
 * PostgreSQL and Redis), or of one process alone, read from /proc as {@code top} and {@code ps} do.
 */
public final class ProcessTree {

    /** USER_HZ: the unit of utime and stime in /proc/[pid]/stat; 100 on every Linux architecture the project runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessTree() {}

    public static Stream<ProcessHandle> members(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants());
    }

    /** User plus system CPU time of the tree's live processes, in milliseconds. */
    public static double cpuMillis(ProcessHandle root) {
        return members(root).mapToDouble(ProcessTree::cpuMillisOf).sum();
    }

    /** VmRSS of the tree's live processes, in MB (shared pages, e.g. PostgreSQL's shared buffers, counted per process). */
    public static double rssMb(ProcessHandle root) {
        return members(root).mapToDouble(ProcessTree::rssMbOf).sum();
    }

    /** VmHWM, the peak of VmRSS since each started, summed over the tree's live processes, in MB. */
    public static double peakRssMb(ProcessHandle root) {
        return members(root).mapToDouble(ProcessTree::peakRssMbOf).sum();
    }

    /**
     * SIGTERM to the process alone (a JVM that started PostgreSQL stops it itself; signalling the whole group could leave
     * PostgreSQL running), then SIGKILL of the process and everything it had started if it has not ended within
     * {@code grace}.
     */
    public static void stop(Process process, Duration grace) {
        List<ProcessHandle> tree = members(process.toHandle()).toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** User plus system CPU time of this process alone (all its threads), in milliseconds; 0 once it has ended. */
    public static double cpuMillisOf(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // the command name in parentheses may contain spaces: fields are counted after its closing parenthesis,
            // where field 3 (state) is the first; utime and stime are fields 14 and 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** VmRSS of this process alone, in MB; 0 once it has ended. */
    public static double rssMbOf(ProcessHandle process) {
        return statusKb(process, "VmRSS:") / 1024;
    }

    /** VmHWM of this process alone, in MB: the most it was resident at once; 0 once it has ended. */
    public static double peakRssMbOf(ProcessHandle process) {
        return statusKb(process, "VmHWM:") / 1024;
    }

    private static double statusKb(ProcessHandle process, String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            return lines.filter(line -> line.startsWith(field))
                    .mapToDouble(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")))
                    .sum();
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
