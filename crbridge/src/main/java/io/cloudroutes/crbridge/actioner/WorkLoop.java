package io.cloudroutes.crbridge.actioner;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.slf4j.Logger;

/**
 * Runs rounds of work on a platform thread of its own while started: the next round at once while a round says more
 * is waiting, else after a {@link #wake()} or the poll interval. A failing round is tried again after a backoff that
 * may grow with the failures in a row; the log says once when it starts failing and once when it works again, instead
 * of every round. What the {@link DecisionLedger} and the {@link JobRunner} loop on.
 */
final class WorkLoop {

    /** One round; returns true when more work is waiting, so that the next round starts at once. */
    interface Round {
        boolean run() throws InterruptedException;
    }

    /**
     * What the log says, on the logger of the part that loops.
     *
     * @param failing   the warning when rounds start failing, with one {@code {}} for the error
     * @param recovered the line when a round works again
     */
    record Messages(Logger log, String failing, String recovered) {}

    private static final Duration JOIN_AT_STOP = Duration.ofSeconds(5);

    private final String threadName;
    private final Duration poll;
    private final IntFunction<Duration> backoff;
    private final Messages messages;
    private final Round round;
    private final LinkedBlockingQueue<Boolean> wake = new LinkedBlockingQueue<>(1);
    private volatile boolean running;
    private Thread thread;

    /** {@code backoff} gives the wait after the n-th failure in a row (n from 1). */
    WorkLoop(String threadName, Duration poll, IntFunction<Duration> backoff, Messages messages, Round round) {
        this.threadName = threadName;
        this.poll = poll;
        this.backoff = backoff;
        this.messages = messages;
        this.round = round;
    }

    /** Says that work may be waiting, so that the next round starts now rather than after the poll interval. */
    void wake() {
        wake.offer(Boolean.TRUE);
    }

    void start() {
        running = true;
        thread = Thread.ofPlatform().name(threadName).start(this::loop);
    }

    /** Stops after the round that runs now (interrupted), waiting a few seconds at most for it. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(JOIN_AT_STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isRunning() {
        return running;
    }

    private void loop() {
        int failures = 0;
        while (running) {
            try {
                boolean more = round.run();
                if (failures > 0) {
                    messages.log().info(messages.recovered());
                }
                failures = 0;
                if (!more) {
                    wake.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (failures == 0) {
                    messages.log().warn(messages.failing(), e.toString());
                }
                failures++;
                LockSupport.parkNanos(backoff.apply(failures).toNanos());
            }
        }
    }
}
