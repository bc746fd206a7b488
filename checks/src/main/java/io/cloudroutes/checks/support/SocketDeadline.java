package io.cloudroutes.checks.support;

import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket when a check's deadline passes, so that no blocking connect, handshake, read or write on it
 * outlives the check's timeout, however the peer trickles its bytes.
 */
public final class SocketDeadline implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Socket socket;
    private final long startNanos;
    private final long deadlineNanos;
    private final ScheduledFuture<?> closer;
    private volatile boolean expired;

    private SocketDeadline(Socket socket, long startNanos, long deadlineNanos) {
        this.socket = socket;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.closer = TIMER.schedule(
                () -> {
                    expired = true;
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // Closing is only to wake the blocked caller; it reports the timeout itself.
                    }
                },
                deadlineNanos - System.nanoTime(),
                TimeUnit.NANOSECONDS);
    }

    /** Closes {@code socket} once {@code timeout} has passed since {@code startNanos} (a {@link System#nanoTime()}). */
    public static SocketDeadline start(Socket socket, long startNanos, Duration timeout) {
        return new SocketDeadline(socket, startNanos, startNanos + timeout.toNanos());
    }

    /**
     * Connects the socket to {@code host:port} through the egress guard, within what is left of the deadline
     * ({@code timeout} is named in the reason): the name is looked up once and the socket connects to the address the
     * guard checked. Empty once connected; otherwise the FAILED outcome saying why: refused by the egress policy,
     * unknown host, refused, unreachable, or no connection within the timeout.
     */
    public Optional<CheckOutcome> connect(Egress egress, String host, int port, Duration timeout) {
        InetSocketAddress address;
        try {
            address = egress.address(host, port);
        } catch (EgressRefusedException e) {
            return Optional.of(CheckOutcome.failed(e.getMessage(), elapsedMillis()));
        } catch (UnknownHostException e) {
            return Optional.of(CheckOutcome.failed("unknown host " + host, elapsedMillis()));
        }
        try {
            socket.connect(address, remainingMillis());
            return Optional.empty();
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException || expired) {
                return Optional.of(CheckOutcome.failed(
                        "no connection to " + host + ":" + port + " within " + timeout.toMillis() + " ms",
                        elapsedMillis()));
            }
            return Optional.of(CheckOutcome.failed(Failures.describe(e, host, port), elapsedMillis()));
        }
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Whether the deadline passed and the socket was closed because of it. */
    public boolean expired() {
        return expired;
    }

    /** Milliseconds left until the deadline, at least 1 (0 would mean "no timeout" to socket calls). */
    public int remainingMillis() {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** Cancels the pending close; the caller closes the socket itself. */
    @Override
    public void close() {
        closer.cancel(false);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "check-socket-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Most checks finish before their deadline: do not keep their cancelled closers queued until then.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
