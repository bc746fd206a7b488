package io.cloudroutes.checks.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** A loopback TCP server that plays one script with every client, e.g. greet with a banner or answer PING. */
final class ScriptedServer implements AutoCloseable {

    /** What the server does with one accepted connection; the connection is closed after it returns. */
    interface Script {
        void play(Socket client) throws IOException;
    }

    private final ServerSocket server;
    private final List<Socket> clients = new ArrayList<>();

    ScriptedServer(Script script) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    synchronized (clients) {
                        clients.add(client);
                    }
                    Thread.ofVirtual().start(() -> {
                        try (client) {
                            script.play(client);
                        } catch (IOException ignored) {
                            // The check hung up first; that is its business.
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (clients) {
            for (Socket client : clients) {
                client.close();
            }
        }
    }
}
