package io.cloudroutes.bench.schedule;

import io.cloudroutes.bench.ProcessTree;

/**
 * A process whose CPU and memory the report shows, with its descendants, or alone when its descendants have rows of
 * their own (the benchmark's JVM is the parent of redis-server and of the control's and broker's JVMs).
 */
record MeasuredProcess(String name, ProcessHandle handle, boolean withDescendants) {

    double cpuMillis() {
        return withDescendants ? ProcessTree.cpuMillis(handle) : ProcessTree.cpuMillisOf(handle);
    }

    /** Its usage now: the CPU since {@code cpuMillisAtStart}, its memory now and at its peak. */
    ProcessUsage usageSince(double cpuMillisAtStart) {
        return new ProcessUsage(
                name,
                handle.pid(),
                cpuMillis() - cpuMillisAtStart,
                withDescendants ? ProcessTree.rssMb(handle) : ProcessTree.rssMbOf(handle),
                withDescendants ? ProcessTree.peakRssMb(handle) : ProcessTree.peakRssMbOf(handle));
    }
}
