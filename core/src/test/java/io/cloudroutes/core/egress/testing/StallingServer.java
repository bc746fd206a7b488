package io.cloudroutes.core.egress.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * An HTTP server on loopback that answers every request with a head and some body bytes, then sends nothing more and
 * keeps the connection open until closed: an answer longer than anything a client should read (the head may announce
 * a 1 GiB body). A client that reads through a bounded stream and drops the connection is done at once; one that reads
 * to the end waits for its deadline.
 */
public final class StallingServer implements AutoCloseable {

    private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final CountDownLatch closed = new CountDownLatch(1);

    /** Answers with {@code head} (status line and headers, ending in an empty line) and {@code bodyBytes} of 'x'. */
    public StallingServer(String head, int bodyBytes) throws IOException {
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread.ofVirtual().start(() -> serve(connection, head, bodyBytes));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket connection, String head, int bodyBytes) {
        try (connection) {
            InputStream in = connection.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            OutputStream out = connection.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] body = new byte[bodyBytes];
            Arrays.fill(body, (byte) 'x');
            out.write(body);
            out.flush();
            closed.await();
        } catch (IOException | InterruptedException e) {
            // the client dropped the connection, as it should once it has read enough
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** "http://127.0.0.1:port" and the path. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        socket.close();
    }
}
