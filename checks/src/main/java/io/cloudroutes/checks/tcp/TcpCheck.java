package io.cloudroutes.checks.tcp;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.support.Failures;
import io.cloudroutes.checks.support.SocketDeadline;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.plugin.SettingValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Connects to host:port and, when configured, sends a request and waits for a reply that contains the expected text;
 * with only an expectation it waits for the banner that servers such as SSH and SMTP send first.
 */
final class TcpCheck implements Check {

    /** The most a reply is read while looking for the expected text. */
    static final int MAX_REPLY_BYTES = 64 * 1024;

    /**
     * What to connect to and what to exchange: the settings of one monitor, read once by {@link #read}.
     *
     * @param send   bytes to write once connected, or null to write nothing
     * @param expect bytes the reply must contain, or null to judge the connection alone
     */
    record Config(String host, int port, byte[] send, byte[] expect) {

        /** The configuration of {@link TcpCheckType}'s settings, rejecting a Send or Expect with a bad escape. */
        static Config read(SettingValues values) {
            byte[] send = bytes(values, "send", "Send");
            byte[] expect = bytes(values, "expect", "Expect");
            if (values.anyRejected()) {
                return null;
            }
            return new Config(values.text("host"), values.integer("port", 0), send, expect);
        }

        /** The bytes the escaped text stands for, or null when there is none or it cannot be decoded (rejected). */
        private static byte[] bytes(SettingValues values, String name, String label) {
            String text = values.text(name);
            if (text == null) {
                return null;
            }
            try {
                byte[] bytes = EscapedText.decode(text);
                return bytes.length == 0 ? null : bytes;
            } catch (IllegalArgumentException e) {
                values.reject(name, label + ": " + e.getMessage());
                return null;
            }
        }
    }

    private final Config config;
    private final Egress egress;
    private final String target;

    TcpCheck(Config config, Egress egress) {
        this.config = config;
        this.egress = egress;
        this.target = config.host() + ":" + config.port();
    }

    @Override
    public CheckOutcome run(Duration timeout) {
        long start = System.nanoTime();
        try (Socket socket = egress.socket();
                SocketDeadline deadline = SocketDeadline.start(socket, start, timeout)) {
            Optional<CheckOutcome> notConnected = deadline.connect(egress, config.host(), config.port(), timeout);
            if (notConnected.isPresent()) {
                return notConnected.get();
            }
            if (config.send() != null) {
                CheckOutcome failedSend = send(socket, deadline, timeout, start);
                if (failedSend != null) {
                    return failedSend;
                }
            }
            if (config.expect() != null) {
                return awaitExpected(socket, deadline, timeout, start);
            }
            long latency = elapsed(start);
            String sent = config.send() == null ? "" : " and sent " + config.send().length + " bytes";
            return CheckOutcome.healthy("connected to " + target + sent + " in " + latency + " ms", latency);
        } catch (IOException e) {
            // Only closing the socket is left to fail here; whatever the check saw before was already returned.
            return CheckOutcome.failed(Failures.describe(e, config.host(), config.port()), elapsed(start));
        }
    }

    private CheckOutcome send(Socket socket, SocketDeadline deadline, Duration timeout, long start) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(config.send());
            out.flush();
            return null;
        } catch (IOException e) {
            if (deadline.expired()) {
                return CheckOutcome.failed(
                        "could not send to " + target + " within " + timeout.toMillis() + " ms", elapsed(start));
            }
            return CheckOutcome.failed(
                    "connection to " + target + " failed while sending: " + e.getMessage(), elapsed(start));
        }
    }

    private CheckOutcome awaitExpected(Socket socket, SocketDeadline deadline, Duration timeout, long start) {
        String expected = "'" + EscapedText.show(config.expect()) + "'";
        byte[] reply = new byte[MAX_REPLY_BYTES];
        int length = 0;
        try {
            InputStream in = socket.getInputStream();
            while (length < reply.length) {
                socket.setSoTimeout(deadline.remainingMillis());
                int read = in.read(reply, length, reply.length - length);
                if (read < 0) {
                    return CheckOutcome.failed(
                            length == 0
                                    ? "connection closed before " + expected + " arrived"
                                    : "expected " + expected + " in the reply but got '"
                                            + EscapedText.show(reply, length) + "' before the connection closed",
                            elapsed(start));
                }
                // Search only where the new bytes could complete a match.
                int from = Math.max(0, length - config.expect().length + 1);
                length += read;
                if (indexOf(reply, from, length, config.expect()) >= 0) {
                    long latency = elapsed(start);
                    return CheckOutcome.healthy(
                            expected + " received from " + target + " in " + latency + " ms", latency);
                }
            }
            return CheckOutcome.failed(
                    "expected " + expected + " in the first " + MAX_REPLY_BYTES + " bytes of the reply but got '"
                            + EscapedText.show(reply, length) + "'",
                    elapsed(start));
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException || deadline.expired()) {
                return CheckOutcome.failed(
                        length == 0
                                ? "no reply containing " + expected + " within " + timeout.toMillis() + " ms"
                                : "expected " + expected + " in the reply but got '" + EscapedText.show(reply, length)
                                        + "'",
                        elapsed(start));
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return CheckOutcome.failed(
                    message.toLowerCase().contains("reset")
                            ? "connection reset before " + expected + " arrived"
                            : "connection to " + target + " failed before " + expected + " arrived: " + message,
                    elapsed(start));
        }
    }

    private static int indexOf(byte[] data, int from, int to, byte[] wanted) {
        outer:
        for (int i = from; i <= to - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (data[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
