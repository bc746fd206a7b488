package io.cloudroutes.bench.schedule;

import io.cloudroutes.worker.RecordingWorker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used so far by this JVM and by its threads grouped by what they do (the control's claim loop, the broker's
 * routing loop, the recording worker, the Redis client's and ZeroMQ's I/O threads). Two of them taken at the ends of
 * the window tell what the window cost. A group whose part runs in a JVM of its own has no threads here.
 */
record CpuTimes(long processNanos, Map<String, Long> threadNanos) {

    static final String CONTROL = "control loop (cram-control thread)";
    static final String BROKER = "broker loop (cram-broker thread)";
    static final String WORKER = "recording worker thread";
    static final String LETTUCE = "Redis client I/O (Lettuce threads)";
    static final String ZEROMQ = "ZeroMQ I/O (of the parts in this JVM)";
    static final String OTHER = "other threads of the JVM (GC, JIT, benchmark)";

    static CpuTimes now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new LinkedHashMap<>();
        for (String group : new String[] {CONTROL, BROKER, WORKER, LETTUCE, ZEROMQ}) {
            byGroup.put(group, 0L);
        }
        long threadTotal = 0;
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long nanos = threads.getThreadCpuTime(id);
            if (info == null || nanos < 0) {
                continue; // ended meanwhile
            }
            threadTotal += nanos;
            String group = group(info.getThreadName());
            if (group != null) {
                byGroup.merge(group, nanos, Long::sum);
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        // what no named group took: threads of the JVM itself (GC, JIT) that ThreadMXBean does not list, and the rest
        byGroup.put(
                OTHER,
                process - byGroup.values().stream().mapToLong(Long::longValue).sum());
        return new CpuTimes(process, byGroup);
    }

    private static String group(String thread) {
        if (thread.equals("cram-control")) {
            return CONTROL;
        }
        if (thread.equals("cram-broker")) {
            return BROKER;
        }
        if (thread.equals(RecordingWorker.THREAD_NAME)) {
            return WORKER;
        }
        if (thread.startsWith("lettuce-")) {
            return LETTUCE;
        }
        if (thread.startsWith("iothread-")
                || thread.startsWith("reaper-")
                || thread.startsWith("ZAuth")
                || thread.startsWith("ZMonitor")
                || thread.startsWith("ZActor")) {
            return ZEROMQ;
        }
        return null;
    }

    /** What was used from {@code earlier} to this. */
    CpuTimes since(CpuTimes earlier) {
        Map<String, Long> delta = new LinkedHashMap<>();
        threadNanos.forEach((group, nanos) -> delta.put(group, nanos - earlier.threadNanos.getOrDefault(group, 0L)));
        return new CpuTimes(processNanos - earlier.processNanos, delta);
    }
}
