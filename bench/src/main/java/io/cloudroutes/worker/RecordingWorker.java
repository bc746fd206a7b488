package io.cloudroutes.worker;

import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.zmq.BrokerProtocol;
import io.cloudroutes.core.zmq.JobBatch;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.ZmqSecurity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A worker that runs no checks: it speaks the worker's side of the broker protocol through cram-worker's own
 * {@link BrokerLink} (READY, credits, heartbeats, a new connection when the broker falls silent), hands each job to a
 * {@link JobListener} the moment it is read, and gives its credit back at once, as if the check took no time. So a
 * benchmark of the schedule (control and broker) is never limited by the checks, which it does not measure.
 */
public final class RecordingWorker implements AutoCloseable {

    /** Told of every job, on the worker's one thread, in the order they arrive. */
    public interface JobListener {
        /** {@code receivedAtMicros}: when the job was read from the socket, microseconds since the epoch. */
        void received(CheckJob job, long receivedAtMicros);
    }

    /** The name of the worker's thread, for its CPU time. */
    public static final String THREAD_NAME = "recording-worker";

    private final ZContext context = new ZContext();
    private final PlaneSockets plane;
    private final String brokerPublicKey;
    private final BrokerLink broker;
    private final String zone;
    private final int credits;
    private final JobListener listener;
    private final Clock clock = Clock.systemUTC();
    private final Thread loop;
    private final CountDownLatch answered = new CountDownLatch(1);
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean running = true;
    private boolean closed;

    private RecordingWorker(
            String brokerBackend, ZmqSecurity security, String zone, int credits, JobListener listener) {
        this.plane = new PlaneSockets(context, security);
        this.brokerPublicKey = security.requireBrokerPublicKey();
        this.broker = new BrokerLink(brokerBackend);
        this.zone = zone;
        this.credits = credits;
        this.listener = listener;
        this.loop = Thread.ofPlatform().name(THREAD_NAME).unstarted(this::serve);
    }

    /**
     * Connects to the broker's backend as a worker of {@code zone} holding {@code credits} jobs at most, and returns
     * once the broker has answered (so its credits are granted before the first job is due).
     */
    public static RecordingWorker start(
            String brokerBackend, ZmqSecurity security, String zone, int credits, JobListener listener) {
        RecordingWorker worker = new RecordingWorker(brokerBackend, security, zone, credits, listener);
        worker.loop.start();
        try {
            if (!worker.answered.await(10, TimeUnit.SECONDS)) {
                worker.close();
                throw new IllegalStateException("the broker at " + brokerBackend + " did not answer within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.close();
            throw new IllegalStateException("interrupted while joining the broker", e);
        }
        return worker;
    }

    /** Jobs that could not be read as a {@link CheckJob}. */
    public long malformed() {
        return malformed.get();
    }

    /** New connections made because the broker fell silent (none in a healthy run). */
    public long reconnects() {
        return reconnects.get();
    }

    private void serve() {
        ZMQ.Poller poller = context.createPoller(1);
        broker.connect(context, plane, brokerPublicKey, THREAD_NAME, zone, System.currentTimeMillis());
        poller.register(broker.socket(), ZMQ.Poller.POLLIN);
        while (running) {
            poller.poll(20);
            long now = System.currentTimeMillis();
            ZMsg message;
            while ((message = ZMsg.recvMsg(broker.socket(), ZMQ.DONTWAIT)) != null) {
                Instant read = clock.instant();
                if (broker.heard(now)) {
                    answered.countDown();
                }
                handle(message, read.getEpochSecond() * 1_000_000 + read.getNano() / 1_000);
                message.destroy();
            }
            broker.heartbeatIfDue(now);
            if (broker.silent(now)) {
                reconnects.incrementAndGet();
                poller.unregister(broker.socket());
                broker.closeSilent(context);
                broker.connect(context, plane, brokerPublicKey, THREAD_NAME, zone, now);
                poller.register(broker.socket(), ZMQ.Poller.POLLIN);
            }
            // every job's credit back at once: the checks take no time here
            if (broker.live() && broker.credits() < credits) {
                broker.grant(credits - broker.credits());
            }
        }
        broker.socket().send(BrokerProtocol.BYE);
        poller.close();
    }

    private void handle(ZMsg message, long receivedAtMicros) {
        String command = message.popString();
        List<byte[]> jobs;
        if (BrokerProtocol.JOB.equals(command)) {
            broker.jobsReceived(1);
            ZFrame frame = message.pop();
            jobs = List.of(frame == null ? new byte[0] : frame.getData());
        } else if (BrokerProtocol.JOBS.equals(command)) {
            // as cram-worker reads them: [JOBS, n, batch]
            int count = BrokerProtocol.count(message.popString());
            broker.jobsReceived(count);
            ZFrame frame = message.pop();
            try {
                jobs = JobBatch.jobsOf(frame == null ? new byte[0] : frame.getData(), count);
            } catch (IllegalArgumentException e) {
                malformed.addAndGet(count);
                return;
            }
        } else {
            return; // HEARTBEAT: heard() above is all it does
        }
        for (byte[] bytes : jobs) {
            CheckJob job;
            try {
                job = MessageCodec.fromBytes(bytes, CheckJob.class);
            } catch (RuntimeException e) {
                malformed.incrementAndGet();
                continue;
            }
            if (job == null) {
                malformed.incrementAndGet();
                continue;
            }
            listener.received(job, receivedAtMicros);
        }
    }

    /**
     * Says goodbye to the broker and stops; every job the listener was told of happened before this returns. Closing
     * again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        plane.close();
        context.close();
    }
}
