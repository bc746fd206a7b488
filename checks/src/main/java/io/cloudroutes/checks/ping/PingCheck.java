package io.cloudroutes.checks.ping;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.plugin.SettingValues;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends ICMP echo requests with the system's {@code ping} (iputils), which holds the privilege raw sockets need, and
 * judges the packet loss and the average round trip.
 */
final class PingCheck implements Check {

    static final String NOT_PERMITTED = "ping is not permitted for this process: it needs CAP_NET_RAW or"
            + " net.ipv4.ping_group_range covering its group";
    static final String NOT_INSTALLED =
            "the ping command is not installed on this worker (Debian package iputils-ping)";

    /** Milliseconds between two echo requests: the shortest interval iputils allows every user. */
    static final int INTERVAL_MILLIS = 200;
    /** Left of the timeout for starting the process and reading its output, even on a busy worker. */
    private static final int SPARE_MILLIS = 500;
    /** The longest wait for a reply after the last request: an echo that takes longer counts as lost. */
    static final int MAX_REPLY_WAIT_MILLIS = 2000;

    /**
     * What to ping and what counts as healthy.
     *
     * @param maxAverageRttMillis null for no limit
     */
    record Config(String host, int count, int maxPacketLossPercent, Integer maxAverageRttMillis) {

        /**
         * The configuration of {@link PingCheckType}'s settings, rejecting a host that ping would take for an option.
         */
        static Config read(SettingValues values) {
            String host = values.text("host");
            if (host != null && host.startsWith("-")) {
                values.reject("host", "Host must be a host name or IP address; it cannot start with '-'");
            }
            if (values.anyRejected()) {
                return null;
            }
            Long rtt = values.number("maxAverageRttMs");
            return new Config(
                    host,
                    values.integer("count", 3),
                    values.integer("maxPacketLoss", 0),
                    rtt == null ? null : Math.toIntExact(rtt));
        }
    }

    private final Config config;
    private final List<String> launcher;
    private final Egress egress;

    /** {@code launcher} is the command that runs ping, normally just {@code ping}; the ping arguments follow it. */
    PingCheck(Config config, List<String> launcher, Egress egress) {
        this.config = config;
        this.launcher = launcher;
        this.egress = egress;
    }

    @Override
    public CheckOutcome run(Duration timeout) {
        long start = System.nanoTime();
        // The guard looks the host up once and checks the address; ping gets that address, never the name or the
        // spelling as typed (ping reads 0177.0.0.1 or 0x7f.1 as C resolvers do), so it pings exactly what was checked.
        InetAddress address;
        try {
            address = egress.resolve(config.host(), 0).getFirst();
        } catch (EgressRefusedException e) {
            return CheckOutcome.failed(e.getMessage(), elapsed(start));
        } catch (UnknownHostException e) {
            return CheckOutcome.failed(
                    String.valueOf(e.getMessage()).contains("Temporary failure")
                            ? "could not look up " + config.host() + ": temporary failure in name resolution"
                            : "unknown host " + config.host(),
                    elapsed(start));
        }
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                "-n",
                "-c",
                String.valueOf(config.count()),
                "-i",
                seconds(INTERVAL_MILLIS),
                "-W",
                seconds(replyWaitMillis(timeout)),
                "--",
                address.getHostAddress()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // A missing program: "Cannot run program …: error=2, No such file or directory", or with JDK 25
            // "Exec failed, error: 2 (No such file or directory)".
            String message = String.valueOf(e.getMessage());
            return CheckOutcome.failed(
                    message.contains("No such file or directory") || message.contains("error=2")
                            ? NOT_INSTALLED
                            : "could not start ping: " + e.getMessage(),
                    elapsed(start));
        }
        CompletableFuture<String> output = read(process.getInputStream());
        try {
            long remaining = timeout.toNanos() - (System.nanoTime() - start);
            if (!process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                return CheckOutcome.failed(
                        "ping to " + config.host() + " did not finish within " + timeout.toMillis() + " ms",
                        elapsed(start));
            }
            String text = output.get(1, TimeUnit.SECONDS);
            return judge(PingOutput.parse(text, process.exitValue()), elapsed(start));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return CheckOutcome.failed("check interrupted", elapsed(start));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            return CheckOutcome.failed("could not read what ping printed: " + e, elapsed(start));
        }
    }

    CheckOutcome judge(PingOutput result, long latency) {
        String host = config.host();
        return switch (result) {
            case PingOutput.NotPermitted ignored -> CheckOutcome.failed(NOT_PERMITTED, latency);
            case PingOutput.UnknownHost ignored -> CheckOutcome.failed("unknown host " + host, latency);
            case PingOutput.LookupFailed ignored ->
                CheckOutcome.failed("could not look up " + host + ": temporary failure in name resolution", latency);
            case PingOutput.NetworkUnreachable ignored ->
                CheckOutcome.failed("no route to " + host + ": network is unreachable", latency);
            case PingOutput.Other other ->
                CheckOutcome.failed(
                        "ping to " + host + " failed (exit code " + other.exitCode() + ")"
                                + (other.message().isEmpty() ? "" : ": " + other.message()),
                        latency);
            case PingOutput.Statistics statistics -> judge(statistics, latency);
        };
    }

    private CheckOutcome judge(PingOutput.Statistics statistics, long latency) {
        String target = statistics.address() == null || statistics.address().equals(config.host())
                ? config.host()
                : config.host() + " (" + statistics.address() + ")";
        int sent = statistics.transmitted();
        int lost = sent - statistics.received();
        int lossPercent = sent == 0 ? 100 : Math.round(lost * 100f / sent);
        String requests = " of " + sent + " echo requests to " + target;
        if (statistics.received() == 0) {
            return CheckOutcome.failed(lost + requests + " unanswered", latency);
        }
        if (lossPercent > config.maxPacketLossPercent()) {
            return CheckOutcome.failed(
                    lost + requests + " unanswered (" + lossPercent + "% loss, more than the maximum "
                            + config.maxPacketLossPercent() + "%)",
                    latency);
        }
        Double average = statistics.averageRttMillis();
        if (average != null && config.maxAverageRttMillis() != null && average > config.maxAverageRttMillis()) {
            return CheckOutcome.failed(
                    "average round trip " + millis(average) + " ms, more than the maximum "
                            + config.maxAverageRttMillis() + " ms",
                    latency);
        }
        String loss = lost == 0 ? "" : " (" + lossPercent + "% loss)";
        String roundTrip = average == null ? "" : ", average round trip " + millis(average) + " ms";
        return CheckOutcome.healthy(
                statistics.received() + requests + " answered" + loss + roundTrip,
                average == null ? latency : Math.round(average));
    }

    /**
     * How long ping waits for replies after its last request (when none came; otherwise it waits two round trips):
     * at most what the timeout leaves once every request is sent, so that ping reports its statistics before the
     * deadline instead of being killed without them.
     */
    private int replyWaitMillis(Duration timeout) {
        long left = timeout.toMillis() - (long) INTERVAL_MILLIS * (config.count() - 1) - SPARE_MILLIS;
        return (int) Math.max(100, Math.min(left, MAX_REPLY_WAIT_MILLIS));
    }

    private static String seconds(int millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Sub-millisecond round trips (a LAN, loopback) keep their precision; slow ones need none. */
    private static String millis(double value) {
        if (value >= 10) {
            return String.valueOf(Math.round(value));
        }
        return String.format(Locale.ROOT, value >= 1 ? "%.1f" : "%.3f", value);
    }

    private static CompletableFuture<String> read(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
