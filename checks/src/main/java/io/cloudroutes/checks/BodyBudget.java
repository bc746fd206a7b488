package io.cloudroutes.checks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the bytes of response bodies that the checks of one process keep in memory at once, so that a worker's heap
 * is sized by this budget instead of by its capacity times the largest page. A check reserves room for what it keeps
 * before it reads it, waiting (first come, first served) for room at most until its own deadline, and releases it when
 * its conditions are evaluated.
 *
 * <p>A check waits only while holding nothing, so checks cannot hold the budget between them and wait for each other.
 * It reserves before it holds anything; it may then {@link Reservation#tryGrowTo grow} only without waiting (when the
 * room is free now and no check waits for it), and when it cannot, it gives back all it holds and waits, as if it
 * started again, for the most it may keep. While it so waits, the part of a page it has already read stays in memory
 * outside the budget (at most a third of what it gave back).
 */
public final class BodyBudget {

    /** The most of a page that a check keeps: conditions look into its first 1 MiB. */
    public static final int MAX_PAGE_BYTES = 1024 * 1024;

    /** The most one check reserves (for a page of {@link #MAX_PAGE_BYTES} or longer); no budget may be smaller. */
    public static final long LARGEST_RESERVATION = keptFor(MAX_PAGE_BYTES + 1L);

    /** Bounds nothing: for processes that run the odd check (a canary, a benchmark) and set no budget. */
    public static final BodyBudget UNBOUNDED = new BodyBudget(Long.MAX_VALUE, "no body budget");

    private final long size;
    private final String setting;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /** Reservations waiting for room, oldest first: only the oldest is served, so a large one is never starved. */
    private final Deque<Object> waiting = new ArrayDeque<>();

    private long available;
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    /**
     * A budget of {@code size} bytes, at least {@link #LARGEST_RESERVATION}, set by {@code setting} (named when a check
     * gets no room, so that the operator knows what to raise).
     */
    public BodyBudget(long size, String setting) {
        if (size < LARGEST_RESERVATION) {
            throw new IllegalArgumentException("a body budget of " + size + " bytes (" + setting
                    + ") cannot hold the most one check keeps, " + LARGEST_RESERVATION + " bytes");
        }
        this.size = size;
        this.setting = setting;
        this.available = size;
    }

    /**
     * What keeping up to {@code bytes} of a page costs: the bytes, and their text at two bytes a character (a character
     * never takes more than one byte of the page).
     */
    public static long keptFor(long bytes) {
        return 3 * bytes;
    }

    /** The bytes the budget holds when nothing is reserved. */
    public long size() {
        return size;
    }

    /** Why a check whose reservation was refused was not run to its end: this process's limit, not the target. */
    public String refusalReason(long timeoutMillis) {
        return "not run: no room in this worker's body budget (" + setting + "=" + size + ") within the check's "
                + timeoutMillis + " ms timeout; the target was not judged";
    }

    /** The bytes free now. */
    public long available() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    /** Reservations that had to wait for room. */
    public long waits() {
        return waits.get();
    }

    /** Reservations that got no room before their deadline (or whose check was stopped while waiting). */
    public long refusals() {
        return refusals.get();
    }

    /** An empty reservation for one check; closing it releases whatever it then holds. */
    public Reservation reservation() {
        return new Reservation();
    }

    private void mustFit(long bytes) {
        if (bytes > size) {
            throw new IllegalArgumentException(bytes + " bytes can never fit in a body budget of " + size);
        }
    }

    /** Takes {@code bytes} if they are free now and no reservation waits before them; never waits. */
    private boolean tryTake(long bytes) {
        lock.lock();
        try {
            if (waiting.isEmpty() && available >= bytes) {
                available -= bytes;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean take(long bytes, long deadlineNanos) {
        lock.lock();
        try {
            if (tryTake(bytes)) {
                return true;
            }
            waits.incrementAndGet();
            Object turn = new Object();
            waiting.addLast(turn);
            try {
                while (waiting.peekFirst() != turn || available < bytes) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        refusals.incrementAndGet();
                        return false;
                    }
                    released.awaitNanos(left);
                }
                available -= bytes;
                return true;
            } catch (InterruptedException e) {
                refusals.incrementAndGet();
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiting.remove(turn);
                // the next in line may fit in what is left
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void give(long bytes) {
        if (bytes == 0) {
            return;
        }
        lock.lock();
        try {
            available += bytes;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The bytes one check holds; used by that check's thread only. */
    public final class Reservation implements AutoCloseable {

        private long held;

        private Reservation() {}

        /**
         * Reserves {@code bytes} more, waiting for room until {@code deadlineNanos} ({@link System#nanoTime()} time);
         * false when there was none by then or the thread was interrupted. Only an empty reservation may wait: one that
         * holds bytes may only {@link #tryGrowTo grow without waiting} or {@link #shrinkTo shrink}.
         */
        public boolean reserve(long bytes, long deadlineNanos) {
            if (held > 0) {
                throw new IllegalStateException("a reservation that holds bytes must not wait for more");
            }
            mustFit(bytes);
            if (bytes <= 0) {
                return true;
            }
            boolean granted = take(bytes, deadlineNanos);
            if (granted) {
                held = bytes;
            }
            return granted;
        }

        /**
         * Grows this reservation to hold {@code bytes} if the room is free now and no check waits for room before it;
         * never waits. When false it holds what it held: a check that needs the room must then give it all back
         * ({@link #close}) before it may {@link #reserve wait} for more.
         */
        public boolean tryGrowTo(long bytes) {
            mustFit(bytes);
            if (bytes <= held) {
                return true;
            }
            if (!tryTake(bytes - held)) {
                return false;
            }
            held = bytes;
            return true;
        }

        /** Gives back what is held beyond {@code bytes}, once it is known that no more will be kept. */
        public void shrinkTo(long bytes) {
            long excess = held - Math.max(0, bytes);
            if (excess > 0) {
                held -= excess;
                give(excess);
            }
        }

        /** The bytes this reservation holds. */
        public long held() {
            return held;
        }

        @Override
        public void close() {
            shrinkTo(0);
        }
    }
}
