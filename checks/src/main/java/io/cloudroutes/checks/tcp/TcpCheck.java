package io.cloudroutes.checks.tcp;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.support.Failures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Connects to host:port and closes the connection. */
final class TcpCheck implements Check {

    private final String host;
    private final int port;

    TcpCheck(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public CheckOutcome run(Duration timeout) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                return CheckOutcome.failed("unknown host " + host, elapsed(start));
            }
            socket.connect(address, (int) Math.max(1, timeout.toMillis()));
            long latency = elapsed(start);
            return CheckOutcome.healthy("connected to " + host + ":" + port + " in " + latency + " ms", latency);
        } catch (SocketTimeoutException e) {
            return CheckOutcome.failed("no connection to " + host + ":" + port + " within " + timeout.toMillis() + " ms",
                    elapsed(start));
        } catch (IOException e) {
            return CheckOutcome.failed(Failures.describe(e, host, port), elapsed(start));
        }
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
