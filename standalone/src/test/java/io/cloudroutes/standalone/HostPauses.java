package io.cloudroutes.standalone;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Times when this machine stopped running everything at once: a virtual machine paused or snapshotted by its host, or
 * this test's own JVM stopped. A thread that asks to wake every 50 ms notes each time it woke more than
 * {@link #PAUSE_MILLIS} late. While the machine stands still no process of the set can check, schedule or answer, so
 * the time of a pause is not counted as time a monitor went without a check; the suite reports every pause it
 * discounted, so that one hiding a real stall of CloudRoutes would show.
 */
final class HostPauses implements AutoCloseable {

    /** A wake-up this late is a pause: far beyond what a busy two-core machine delays a thread by. */
    static final long PAUSE_MILLIS = 2_000;

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** A pause: from the last tick before it to the first after it (epoch ms). */
    record Pause(long fromMillis, long toMillis) {

        long millis() {
            return toMillis - fromMillis;
        }

        /** How much of the span from {@code from} to {@code to} this pause covers. */
        long overlap(long from, long to) {
            return Math.max(0, Math.min(to, toMillis) - Math.max(from, fromMillis));
        }
    }

    private final List<Pause> pauses = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean running = true;

    private HostPauses() {
        watcher = Thread.ofPlatform().daemon().name("host-pauses").unstarted(this::watch);
        watcher.setPriority(Thread.MAX_PRIORITY);
    }

    static HostPauses watching() {
        HostPauses pauses = new HostPauses();
        pauses.watcher.start();
        return pauses;
    }

    private void watch() {
        long last = System.currentTimeMillis();
        while (running) {
            LockSupport.parkNanos(TICK_NANOS); // a measurement's tick, not a wait for anything
            long now = System.currentTimeMillis();
            if (now - last > PAUSE_MILLIS) {
                pauses.add(new Pause(last, now));
            }
            last = now;
        }
    }

    /** The pauses that overlap the span from {@code from} to {@code to}. */
    List<Pause> within(long from, long to) {
        return pauses.stream().filter(pause -> pause.overlap(from, to) > 0).toList();
    }

    /** How long the machine stood still between {@code from} and {@code to}. */
    long pausedMillis(long from, long to) {
        return pauses.stream().mapToLong(pause -> pause.overlap(from, to)).sum();
    }

    @Override
    public void close() {
        running = false;
        watcher.interrupt();
    }
}
