package io.cloudroutes.core.zmq;

import java.util.ArrayList;
import java.util.List;

/**
 * Several check jobs in one message, control → broker and broker → worker, so that thousands of jobs a second pay
 * ZeroMQ's and CURVE's cost per message once for many jobs. The message is a zero byte (a job's JSON starts with
 * <code>{</code>, so the two never mix up), then for each job its length as 4 bytes, big-endian, and its JSON. A lone
 * job is sent as its plain JSON, as before batching. Brokers read both, so brokers are upgraded before controls; a
 * broker sends batches only to workers that said they read them ({@link BrokerProtocol#READY}).
 * Not thread-safe: one per sending thread.
 */
public final class JobBatch {

    /** The most jobs in one message: enough to pay ZeroMQ's and CURVE's cost per message once for many jobs. */
    public static final int MOST_JOBS = 50;
    /** The most bytes of jobs in one message, and at most half of the plane's largest message. */
    public static final int MOST_BYTES = 64 * 1024;
    /** The first byte of a batch. */
    static final byte BATCH_MARKER = 0;

    private static final int LENGTH_BYTES = 4;

    private final int maxJobs;
    private final int maxBytes;
    private final List<byte[]> jobs = new ArrayList<>();
    private int bytes = 1;

    /**
     * @param maxJobs  the most jobs one message holds
     * @param maxBytes the most bytes one message holds; a lone job larger than that is still sent, on its own
     */
    public JobBatch(int maxJobs, int maxBytes) {
        if (maxJobs < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a batch holds at least one job of at least one byte: maxJobs=" + maxJobs
                    + " maxBytes=" + maxBytes);
        }
        this.maxJobs = maxJobs;
        this.maxBytes = maxBytes;
    }

    /**
     * The batch the plane's sockets carry: {@link #MOST_JOBS} jobs, {@link #MOST_BYTES} bytes and half of
     * {@code maxMessageBytes} (the largest message a plane socket takes) at most, leaving room to spare.
     */
    public static JobBatch forPlane(long maxMessageBytes) {
        return new JobBatch(MOST_JOBS, (int) Math.max(1, Math.min(MOST_BYTES, maxMessageBytes / 2)));
    }

    /** Whether {@code job} can join this batch; any job fits an empty batch. */
    public boolean fits(byte[] job) {
        return jobs.isEmpty() || (jobs.size() < maxJobs && bytes + LENGTH_BYTES + job.length <= maxBytes);
    }

    /** Adds the job; call {@link #fits} first. */
    public void add(byte[] job) {
        if (!fits(job)) {
            throw new IllegalStateException("the batch is full: send it and clear it first");
        }
        jobs.add(job);
        bytes += LENGTH_BYTES + job.length;
    }

    /** How many jobs the batch holds. */
    public int size() {
        return jobs.size();
    }

    public boolean isEmpty() {
        return jobs.isEmpty();
    }

    /** The message to send: the lone job's JSON, or the batch. */
    public byte[] message() {
        if (jobs.isEmpty()) {
            throw new IllegalStateException("an empty batch is never sent");
        }
        if (jobs.size() == 1) {
            return jobs.getFirst();
        }
        byte[] message = new byte[bytes];
        message[0] = BATCH_MARKER;
        int at = 1;
        for (byte[] job : jobs) {
            int length = job.length;
            message[at] = (byte) (length >>> 24);
            message[at + 1] = (byte) (length >>> 16);
            message[at + 2] = (byte) (length >>> 8);
            message[at + 3] = (byte) length;
            System.arraycopy(job, 0, message, at + LENGTH_BYTES, length);
            at += LENGTH_BYTES + length;
        }
        return message;
    }

    /** Empties the batch for the next jobs. */
    public void clear() {
        jobs.clear();
        bytes = 1;
    }

    /**
     * The jobs of a broker's {@code [JOBS, n, batch]} message to a worker, which must hold {@code count} of them.
     *
     * @throws IllegalArgumentException when the batch is broken or holds another number of jobs
     */
    public static List<byte[]> jobsOf(byte[] message, int count) {
        List<byte[]> jobs = jobsOf(message);
        if (jobs.size() != count) {
            throw new IllegalArgumentException("the batch holds " + jobs.size() + " jobs, not " + count);
        }
        return jobs;
    }

    /**
     * The jobs of a message a control sent: each job of a batch, or the message itself when it is a lone job.
     *
     * @throws IllegalArgumentException when a batch is cut short or a length points past its end
     */
    public static List<byte[]> jobsOf(byte[] message) {
        if (message.length == 0 || message[0] != BATCH_MARKER) {
            return List.of(message);
        }
        List<byte[]> jobs = new ArrayList<>();
        int at = 1;
        while (at < message.length) {
            if (message.length - at < LENGTH_BYTES) {
                throw new IllegalArgumentException("a batch of jobs ends inside the length of job " + (jobs.size() + 1)
                        + " (" + message.length + " bytes)");
            }
            int length = (message[at] & 0xff) << 24
                    | (message[at + 1] & 0xff) << 16
                    | (message[at + 2] & 0xff) << 8
                    | message[at + 3] & 0xff;
            at += LENGTH_BYTES;
            if (length < 0 || length > message.length - at) {
                throw new IllegalArgumentException("job " + (jobs.size() + 1) + " of a batch claims " + length
                        + " bytes, but only " + (message.length - at) + " follow");
            }
            byte[] job = new byte[length];
            System.arraycopy(message, at, job, 0, length);
            jobs.add(job);
            at += length;
        }
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a batch of jobs holds no job");
        }
        return jobs;
    }
}
