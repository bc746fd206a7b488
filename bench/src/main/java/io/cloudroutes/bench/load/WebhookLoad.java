package io.cloudroutes.bench.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Datadog webhook deliveries offered open-loop at a set rate, as Datadog's senders would post them: delivery {@code i}
 * is due at {@code start + i / rate}, to monitor {@code i mod monitors}, with its own {@code $ID}, and goes out on the
 * first of a fixed number of keep-alive HTTP/1.1 connections that is free. Its latency is measured from its due time,
 * not from when a connection took it, so a server that falls behind shows as queueing in the latency (no coordinated
 * omission). A delivery no connection could take before the step's deadline is counted as not sent, with an unbounded
 * latency.
 *
 * <p>The connections are plain sockets on virtual threads writing prepared requests and reading the answers' status
 * lines and bodies: a few microseconds of the harness's CPU per delivery, so that the driver takes as little as it can
 * of the two cores it shares with the system it measures.
 */
final class WebhookLoad {

    /** A Datadog monitor that takes deliveries: its id and push secret. */
    record Receiver(long monitorId, String secret) {}

    /**
     * What the senders of one step saw.
     *
     * @param answers          deliveries by answer: the HTTP status, or {@code io error} / {@code not sent}
     * @param latenciesNanos   every delivery's latency from its due time, sorted; {@link Long#MAX_VALUE} if not sent
     * @param elapsedSeconds   from the first due time to the last answer
     */
    record Sent(
            int offeredPerSecond,
            long deliveries,
            Map<String, Long> answers,
            long[] latenciesNanos,
            double elapsedSeconds) {

        long answered(int status) {
            return answers.getOrDefault(String.valueOf(status), 0L);
        }

        long accepted() {
            return answers.entrySet().stream()
                    .filter(answer -> answer.getKey().startsWith("2"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /** The latency at quantile {@code q} in milliseconds; infinite when it falls on a delivery not sent. */
        double latencyMs(double q) {
            long nanos = latenciesNanos[
                    (int) Math.min(latenciesNanos.length - 1, Math.max(0, Math.ceil(q * latenciesNanos.length) - 1))];
            return nanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : nanos / 1e6;
        }
    }

    private static final String NOT_SENT = "not sent";
    private static final String IO_ERROR = "io error";

    private final InetSocketAddress crweb;
    private final String host;
    private final List<Receiver> receivers;
    private final int senders;

    /** Deliveries to {@code receivers} at crweb's address (loopback) over {@code senders} connections. */
    WebhookLoad(URI crweb, List<Receiver> receivers, int senders) {
        if (!crweb.getHost().startsWith("127.")) {
            throw new IllegalArgumentException("webhook load goes to loopback only, not " + crweb);
        }
        this.crweb = new InetSocketAddress(crweb.getHost(), crweb.getPort());
        this.host = crweb.getHost() + ":" + crweb.getPort();
        this.receivers = List.copyOf(receivers);
        this.senders = senders;
    }

    /**
     * Offers {@code rate} deliveries a second for {@code duration}, ids {@code <idPrefix>-<n>}; deliveries still
     * waiting for a connection {@code giveUpAfter} past the last due time are not sent. Returns when every sent one was
     * answered.
     */
    Sent offer(int rate, Duration duration, String idPrefix, Duration giveUpAfter) {
        int deliveries = Math.toIntExact(rate * duration.toSeconds());
        long[] latencies = new long[deliveries];
        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        long start = System.nanoTime() + Duration.ofMillis(100).toNanos();
        long giveUpAt = start + duration.toNanos() + giveUpAfter.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int sender = 0; sender < senders; sender++) {
                threads.submit(() -> send(rate, idPrefix, start, giveUpAt, next, latencies, answers, lastAnswer));
            }
        }
        Arrays.sort(latencies);
        Map<String, Long> counted = new TreeMap<>();
        answers.forEach((answer, count) -> counted.put(answer, count.sum()));
        return new Sent(rate, deliveries, counted, latencies, Math.max(0, lastAnswer.get() - start) / 1e9);
    }

    private void send(
            int rate,
            String idPrefix,
            long start,
            long giveUpAt,
            AtomicLong next,
            long[] latencies,
            Map<String, LongAdder> answers,
            AtomicLong lastAnswer) {
        Connection connection = null;
        try {
            for (long n = next.getAndIncrement(); n < latencies.length; n = next.getAndIncrement()) {
                long due = start + (long) (n * 1e9 / rate);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (System.nanoTime() > giveUpAt) {
                    latencies[(int) n] = Long.MAX_VALUE;
                    answers.computeIfAbsent(NOT_SENT, any -> new LongAdder()).increment();
                    continue;
                }
                String answer;
                try {
                    if (connection == null) {
                        connection = Connection.open(crweb);
                    }
                    Answer got = connection.exchange(
                            request(receivers.get((int) (n % receivers.size())), idPrefix + "-" + n));
                    answer = String.valueOf(got.status());
                    if (got.closes()) {
                        connection.close();
                        connection = null;
                    }
                } catch (IOException e) {
                    answer = IO_ERROR;
                    closeQuietly(connection);
                    connection = null;
                }
                long answeredAt = System.nanoTime();
                latencies[(int) n] = answeredAt - due;
                lastAnswer.accumulateAndGet(answeredAt, Math::max);
                answers.computeIfAbsent(answer, any -> new LongAdder()).increment();
            }
        } finally {
            closeQuietly(connection);
        }
    }

    /** The Datadog payload template's fields as Datadog fills them in for a monitor that triggered. */
    private byte[] request(Receiver receiver, String id) {
        byte[] body = """
                {"id":"%s","alert_transition":"Triggered","alert_type":"error","title":"[Triggered] load test",\
                "body":"p99 latency above 2s on load-test","link":"http://127.0.0.1/monitors/%d"}""".formatted(id, receiver.monitorId()).getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /api/v1/webhooks/datadog/" + receiver.monitorId() + " HTTP/1.1\r\n"
                        + "Host: " + host + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + "X-CloudRoutes-Secret: " + receiver.secret() + "\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            connection.close();
        }
    }

    /** An answer's status, and whether the server closes the connection after it (Tomcat does every 100 requests). */
    private record Answer(int status, boolean closes) {}

    /** One keep-alive HTTP/1.1 connection: a request written, its answer read to the end of its body. */
    private static final class Connection implements Closeable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        static Connection open(InetSocketAddress address) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(address, 5_000);
                socket.setSoTimeout(30_000);
                return new Connection(socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        Answer exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closes = statusLine.startsWith("HTTP/1.0");
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closes = true;
                }
            }
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    skip(size);
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
            } else if (length >= 0) {
                skip(length);
            } else if (status != 204 && status != 304) {
                in.transferTo(OutputStream.nullOutputStream());
                closes = true;
            }
            return new Answer(status, closes);
        }

        private long chunkSize() throws IOException {
            String size = line();
            int extension = size.indexOf(';');
            return Long.parseLong((extension >= 0 ? size.substring(0, extension) : size).trim(), 16);
        }

        private void skip(long bytes) throws IOException {
            for (long left = bytes; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("the answer ended early");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("the connection closed");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
