package io.cloudroutes.core.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks free loopback ports for sockets that are bound later by another component (the standalone's internal sockets,
 * the servers a test starts). The kernel may hand the same ephemeral port to two binds in a row once the first is
 * closed, so a port is never handed out twice by one process: two sockets given ports one after the other must not
 * find that they were given the same one.
 */
public final class LoopbackPorts {

    private static final int ATTEMPTS = 100;
    private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {}

    /** A TCP port free on the loopback address now, which this process has not handed out before. */
    public static int next() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
            }
            if (handedOut.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port that this process has not handed out already, after "
                + ATTEMPTS + " attempts; " + handedOut.size() + " handed out so far");
    }
}
