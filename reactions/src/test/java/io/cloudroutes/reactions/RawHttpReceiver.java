package io.cloudroutes.reactions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiver on a plain loopback socket that keeps each request's head exactly as it came over the wire (request
 * line and header lines, in order) and answers {@code 200} with a small JSON body; no HTTP library in between that
 * could hide or add a header.
 */
final class RawHttpReceiver implements AutoCloseable {

    /** One request head: its request line and its header lines as sent. */
    record Head(String requestLine, List<String> headerLines) {

        /** The names of its headers, lower case. */
        List<String> headerNames() {
            return headerLines.stream()
                    .map(line -> line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT))
                    .toList();
        }
    }

    private static final String BODY = "{\"status\":\"success\",\"message\":\"Event queued\"}";
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;
    private final List<Head> heads = new CopyOnWriteArrayList<>();
    private final Thread loop;

    RawHttpReceiver() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        loop = Thread.ofVirtual().start(this::accept);
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    List<Head> heads() {
        return heads;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                Head head = readHead(in);
                heads.add(head);
                in.readNBytes(contentLength(head));
                OutputStream out = connection.getOutputStream();
                out.write(ANSWER);
                out.flush();
            } catch (IOException e) {
                // closed while waiting, or a client that went away: the next connection is served as usual
            }
        }
    }

    private static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed within the request head");
            }
            bytes.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
        return new Head(lines[0], headers);
    }

    private static int contentLength(Head head) {
        return head.headerLines().stream()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line ->
                        Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElse(0);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        loop.interrupt();
    }
}
