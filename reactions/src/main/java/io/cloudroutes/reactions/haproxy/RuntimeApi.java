package io.cloudroutes.reactions.haproxy;

import io.cloudroutes.core.egress.Egress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Sends one command to HAProxy's runtime API and reads its whole answer. HAProxy answers a connection that is not in
 * interactive mode with the output of one command and then closes it, so the answer ends at end of stream. Every wait
 * is bounded by the caller's deadline (non-blocking channel and a selector), for TCP and Unix sockets alike.
 */
final class RuntimeApi {

    /** Enough for {@code show servers state} of a backend with thousands of servers. */
    private static final int MAX_ANSWER = 4 * 1024 * 1024;

    /** HAProxy did not answer (connect, write or read) before the deadline. */
    static final class Timeout extends IOException {
        Timeout(String stage) {
            super(stage);
        }
    }

    private final RuntimeApiAddress address;
    private final Egress egress;

    RuntimeApi(RuntimeApiAddress address, Egress egress) {
        this.address = address;
        this.egress = egress;
    }

    /** The answer to {@code command}, as HAProxy wrote it. */
    String exchange(String command, long deadlineNanos) throws IOException {
        // A TCP address is looked up once by the egress guard and the channel connects to the address it checked. A
        // Unix
        // socket is a file on the host the actioner runs on: only a path the operator allowed is used.
        SocketAddress target = address.unix()
                ? UnixDomainSocketAddress.of(egress.checkUnixSocket(address.path()))
                : egress.address(address.host(), address.port());
        try (SocketChannel channel =
                        address.unix() ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
                Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, 0);
            if (!channel.connect(target)) {
                key.interestOps(SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    await(selector, deadlineNanos, "connecting");
                }
            }
            ByteBuffer out = StandardCharsets.UTF_8.encode(command + "\n");
            key.interestOps(SelectionKey.OP_WRITE);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    await(selector, deadlineNanos, "sending the command");
                }
            }
            key.interestOps(SelectionKey.OP_READ);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(16 * 1024);
            while (true) {
                int read = channel.read(in);
                if (read < 0) {
                    break;
                }
                if (read == 0) {
                    await(selector, deadlineNanos, "waiting for the answer");
                    continue;
                }
                answer.write(in.array(), 0, in.position());
                in.clear();
                if (answer.size() > MAX_ANSWER) {
                    throw new IOException("answer longer than " + MAX_ANSWER + " bytes");
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static void await(Selector selector, long deadlineNanos, String stage) throws IOException {
        long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0 || selector.select(remainingMillis) == 0 && System.nanoTime() >= deadlineNanos) {
            throw new Timeout(stage);
        }
        selector.selectedKeys().clear();
    }
}
