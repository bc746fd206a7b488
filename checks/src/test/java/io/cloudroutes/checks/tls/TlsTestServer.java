package io.cloudroutes.checks.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A TLS server on loopback that completes handshakes and remembers the server names (SNI) clients asked for. */
final class TlsTestServer implements AutoCloseable {

    private final SSLServerSocket server;
    private final BlockingQueue<List<String>> requestedNames = new LinkedBlockingQueue<>();

    TlsTestServer(SSLContext context) throws IOException {
        server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    SSLSocket client = (SSLSocket) server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (client) {
                            client.startHandshake();
                            List<SNIServerName> names =
                                    ((ExtendedSSLSession) client.getSession()).getRequestedServerNames();
                            requestedNames.add(names.stream()
                                    .map(n -> ((SNIHostName) n).getAsciiName())
                                    .toList());
                            client.getInputStream().read();
                        } catch (IOException ignored) {
                            // The check hangs up after the handshake.
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

    /** The server names of the next completed handshake, in order; waits for it. */
    List<String> nextRequestedNames() throws InterruptedException {
        List<String> names = requestedNames.poll(10, TimeUnit.SECONDS);
        if (names == null) {
            throw new AssertionError("no handshake completed within 10 s");
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
