package io.cloudroutes.worker;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Wakes the worker's loop, which sleeps in a ZeroMQ poll, when a check finishes: over an in-process socket pair, since
 * a poll wakes only for a socket. Signals coalesce: only the first check to finish after the loop last woke sends one,
 * so that a thousand checks finishing at once cost the loop one wake-up, not a thousand.
 */
final class FinishedSignal implements AutoCloseable {

    private static final byte[] WAKE = new byte[0];

    private final ZContext context;
    private final ZMQ.Socket receiver;
    private final ZMQ.Socket sender;
    /** A ZeroMQ socket is not for two threads at once; checks finish on many. Not synchronized: virtual threads. */
    private final ReentrantLock sending = new ReentrantLock();

    private final AtomicBoolean raised = new AtomicBoolean();
    /** Set under {@link #sending}: a check that outlives its worker's close must not touch a closed socket. */
    private boolean closed;

    FinishedSignal(ZContext context, String workerId) {
        this.context = context;
        String endpoint = "inproc://cram-worker-finished-" + workerId + "-" + System.identityHashCode(this);
        receiver = context.createSocket(SocketType.PULL);
        receiver.setLinger(0);
        receiver.bind(endpoint);
        sender = context.createSocket(SocketType.PUSH);
        sender.setLinger(0);
        sender.connect(endpoint);
    }

    /** The socket the loop polls. */
    ZMQ.Socket receiver() {
        return receiver;
    }

    /** From a check that finished, after it queued its result: wakes the loop unless a wake is already on its way. */
    void raise() {
        if (raised.compareAndSet(false, true)) {
            sending.lock();
            try {
                if (!closed) {
                    sender.send(WAKE, ZMQ.DONTWAIT);
                }
            } finally {
                sending.unlock();
            }
        }
    }

    /**
     * From the loop when it wakes, before it takes the finished checks: a check finishing after this raises a new
     * signal, so none is left waiting for the next tick.
     */
    void clear() {
        raised.set(false);
        while (receiver.recv(ZMQ.DONTWAIT) != null) {
            // drained: one wake-up covers every check finished so far
        }
    }

    @Override
    public void close() {
        sending.lock();
        try {
            closed = true;
            context.destroySocket(sender);
        } finally {
            sending.unlock();
        }
        context.destroySocket(receiver);
    }
}
