package io.cloudroutes.core.egress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * What the egress guard adds to a check's connection: a TCP connect to a listener on loopback, made the way checks
 * made it before the guard (a plain socket to the typed address) and the way they make it now (the name checked
 * through the guard, then a guarded socket that checks the address again as it connects). Rounds alternate between
 * the two so that the machine's noise falls on both; the figure to compare across runs is the ratio.
 * Loopback only: the guard allows 127.0.0.0/8 here, as an operator who monitors this machine would. Sockets close
 * with a reset, so that thousands of connects leave no ports in TIME_WAIT.
 *
 * <p>Run: see docs/benchmarks.md.
 */
public final class EgressBenchmark {

    private static final int ROUNDS = 11;
    private static final int CONNECTS_PER_ROUND = 500;

    public static void main(String[] args) throws Exception {
        Egress egress = Egress.of(EgressPolicy.allowing("127.0.0.0/8", EgressPolicy.ALLOW_VARIABLE));
        try (ServerSocket listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> accept(listener));
            int port = listener.getLocalPort();
            for (int warmUp = 0; warmUp < 3; warmUp++) {
                plain(port);
                guarded(egress, port);
            }
            long[] plain = new long[ROUNDS];
            long[] guarded = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                plain[round] = plain(port);
                guarded[round] = guarded(egress, port);
            }
            double plainMicros = median(plain) / 1_000.0 / CONNECTS_PER_ROUND;
            double guardedMicros = median(guarded) / 1_000.0 / CONNECTS_PER_ROUND;
            System.out.printf("connect+close to 127.0.0.1, median of %d rounds of %d:%n", ROUNDS, CONNECTS_PER_ROUND);
            System.out.printf("  plain socket          %8.1f µs%n", plainMicros);
            System.out.printf("  through egress guard  %8.1f µs%n", guardedMicros);
            System.out.printf("  ratio guarded/plain   %8.2f%n", guardedMicros / plainMicros);
        }
    }

    private static long plain(int port) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < CONNECTS_PER_ROUND; i++) {
            try (Socket socket = new Socket()) {
                socket.setSoLinger(true, 0);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            }
        }
        return System.nanoTime() - start;
    }

    private static long guarded(Egress egress, int port) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < CONNECTS_PER_ROUND; i++) {
            try (Socket socket = egress.socket()) {
                socket.setSoLinger(true, 0);
                socket.connect(egress.address("127.0.0.1", port), 1_000);
            }
        }
        return System.nanoTime() - start;
    }

    private static void accept(ServerSocket listener) {
        while (!listener.isClosed()) {
            try (Socket ignored = listener.accept()) {
                // accepted and closed at once: the benchmark measures the connecting side
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
