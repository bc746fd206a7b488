package io.cloudroutes.checks.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening port that never answers a new connection: its accept queue is filled and nothing accepts, so the kernel
 * drops further connection attempts and a client waits until its own timeout, as with a firewalled host.
 */
public final class FullBacklog implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    public FullBacklog() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int attempt = 0; attempt < 50; attempt++) {
            Socket filler = new Socket();
            try {
                filler.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 200);
                fillers.add(filler);
            } catch (SocketTimeoutException full) {
                filler.close();
                return;
            }
        }
        close();
        throw new IllegalStateException("the accept queue of port " + server.getLocalPort() + " never filled up");
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        server.close();
    }
}
