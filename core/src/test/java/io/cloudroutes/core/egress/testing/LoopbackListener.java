package io.cloudroutes.core.egress.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener on a loopback address that only counts what arrives: TCP connections accepted, or UDP datagrams. An
 * egress test points a check or reaction at it and asserts that nothing arrived, i.e. that nothing was sent to a
 * refused address. It answers nothing: an accepted connection is closed at once.
 */
public final class LoopbackListener implements AutoCloseable {

    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final AtomicInteger arrived = new AtomicInteger();

    private LoopbackListener(ServerSocket tcp, DatagramSocket udp) {
        this.tcp = tcp;
        this.udp = udp;
        Thread.ofVirtual().name("loopback-listener").start(tcp != null ? this::acceptAll : this::receiveAll);
    }

    /** TCP on 127.0.0.1, on a free port. */
    public static LoopbackListener tcp() {
        return tcp(loopback("127.0.0.1"), 0);
    }

    /** TCP on {@code address} (in 127.0.0.0/8 or ::1) and {@code port} (0 for a free one). */
    public static LoopbackListener tcp(InetAddress address, int port) {
        requireLoopback(address);
        try {
            return new LoopbackListener(new ServerSocket(port, 50, address), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** UDP on 127.0.0.1, on a free port. */
    public static LoopbackListener udp() {
        try {
            return new LoopbackListener(null, new DatagramSocket(new InetSocketAddress(loopback("127.0.0.1"), 0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InetAddress loopback(String literal) {
        try {
            InetAddress address = InetAddress.getByName(literal);
            requireLoopback(address);
            return address;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireLoopback(InetAddress address) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("tests listen on loopback only, not " + address);
        }
    }

    public int port() {
        return tcp != null ? tcp.getLocalPort() : udp.getLocalPort();
    }

    /** "127.0.0.1:port". */
    public String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    /** Connections accepted (TCP) or datagrams received (UDP) so far. */
    public int arrived() {
        return arrived.get();
    }

    private void acceptAll() {
        while (!tcp.isClosed()) {
            try (Socket ignored = tcp.accept()) {
                arrived.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void receiveAll() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                udp.receive(new DatagramPacket(buffer, buffer.length));
                arrived.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            if (tcp != null) {
                tcp.close();
            } else {
                udp.close();
            }
        } catch (IOException ignored) {
            // closing a listener of a finished test
        }
    }
}
