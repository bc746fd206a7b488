package io.cloudroutes.checks.postgres;

import io.cloudroutes.core.egress.Egress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * The socket factory the PostgreSQL driver uses for a monitor's connections (and for the cancel request it sends on a
 * second connection): the egress guard's sockets, which connect only to an address the guard allows. The driver makes
 * it from its class name ({@code socketFactory}) and one string ({@code socketFactoryArg}), so the guard is found by a
 * key it was registered under.
 */
public final class GuardedSockets extends SocketFactory {

    private static final Map<String, Egress> GUARDS = new ConcurrentHashMap<>();
    private static final Map<Egress, String> KEYS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong();

    private final SocketFactory sockets;

    /** Called by the driver with {@code socketFactoryArg}. */
    public GuardedSockets(String key) {
        Egress egress = GUARDS.get(key);
        if (egress == null) {
            throw new IllegalStateException("no egress guard is registered as " + key);
        }
        this.sockets = egress.socketFactory();
    }

    /** The key under which the driver finds {@code egress}. */
    static String register(Egress egress) {
        return KEYS.computeIfAbsent(egress, e -> {
            String key = "egress-" + NEXT.incrementAndGet();
            GUARDS.put(key, e);
            return key;
        });
    }

    /** Forgets {@code egress}; connections made after this with its key fail. */
    static void unregister(Egress egress) {
        String key = KEYS.remove(egress);
        if (key != null) {
            GUARDS.remove(key);
        }
    }

    @Override
    public Socket createSocket() throws IOException {
        return sockets.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return sockets.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return sockets.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return sockets.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return sockets.createSocket(address, port, localAddress, localPort);
    }
}
