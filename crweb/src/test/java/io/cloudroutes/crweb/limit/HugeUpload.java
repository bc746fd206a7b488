package io.cloudroutes.crweb.limit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request with a body of any size (1 GB, say) sent to crweb on loopback over a plain socket, generated while it is
 * sent so the test holds none of it, declared by Content-Length or streamed in chunks. The answer is read while the
 * body is still being sent; the upload ends when all of it was sent or when crweb closed the connection.
 *
 * <p>So that the answer is read before crweb closes the connection (a reset can discard an answer not read yet), the
 * body is sent up to {@code pauseAfter} bytes first, and the rest only once the answer arrived: crweb must answer
 * having read at most that much. A crweb that reads further gets the rest after {@link #PATIENCE}, as a sender that
 * does not wait would send it.
 */
final class HugeUpload {

    /** How long the sender waits for the answer after {@code pauseAfter} bytes before it sends the rest anyway. */
    static final long PATIENCE_SECONDS = 10;

    static final String PATIENCE = PATIENCE_SECONDS + " s";
    private static final int BLOCK = 64 * 1024;

    /**
     * What happened: crweb's answer, how many body bytes were sent in all, and whether crweb closed the connection
     * before the whole body was sent.
     */
    record Outcome(RawHttp.Answer answer, long bodyBytesSent, boolean closedEarly) {}

    private HugeUpload() {}

    /**
     * Sends {@code method path} with {@code headers} and a body of {@code bodyBytes} bytes that starts with
     * {@code start} and goes on with 'x', with Content-Length or, when {@code chunked}, in chunks.
     */
    static Outcome send(
            int port,
            String method,
            String path,
            Map<String, String> headers,
            String start,
            long bodyBytes,
            boolean chunked,
            long pauseAfter)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(120_000);
            StringBuilder head =
                    new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bodyBytes + "\r\n");
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();

            AtomicLong sent = new AtomicLong();
            CountDownLatch answered = new CountDownLatch(1);
            boolean[] closedEarly = new boolean[1];
            Thread sender = Thread.ofPlatform().name("huge-upload-" + port).start(() -> {
                try {
                    byte[] block = new byte[BLOCK];
                    Arrays.fill(block, (byte) 'x');
                    byte[] first = start.getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(first, 0, block, 0, first.length);
                    boolean paused = false;
                    while (sent.get() < bodyBytes) {
                        if (!paused && sent.get() >= pauseAfter) {
                            paused = true;
                            answered.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
                        }
                        int length = (int) Math.min(BLOCK, bodyBytes - sent.get());
                        if (chunked) {
                            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(block, 0, length);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        sent.addAndGet(length);
                        if (sent.get() == BLOCK) {
                            Arrays.fill(block, 0, first.length, (byte) 'x');
                        }
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException closedByCrweb) {
                    closedEarly[0] = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            RawHttp.Answer answer;
            try {
                answer = RawHttp.read(socket.getInputStream());
            } finally {
                answered.countDown();
            }
            sender.join(TimeUnit.MINUTES.toMillis(5));
            if (sender.isAlive()) {
                throw new IllegalStateException(
                        "the body was still being sent after 5 minutes: " + sent.get() + " bytes so far");
            }
            return new Outcome(answer, sent.get(), closedEarly[0]);
        }
    }
}
