package io.cloudroutes.standalone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services a chaos run watches and the receiver its reactions call, keeping their own logs: every check of a
 * monitor ({@code GET /m/<n>}, the monitor's number in its path) with the time it arrived, and every reaction call
 * ({@code POST /hook/<name>}) with the decision its body names. What CloudRoutes did is read from these logs, not from
 * CloudRoutes.
 */
final class RecordingTarget implements AutoCloseable {

    /** A reaction call the receiver answered: the decision it was for (monitor, direction, time of the change). */
    record ReactionCall(String hook, long monitorId, String to, String at, long receivedAtMillis) {}

    private static final Pattern MONITOR_ID = Pattern.compile("\"monitorId\":(\\d+)");
    private static final Pattern TO = Pattern.compile("\"to\":\"([A-Z]+)\"");
    private static final Pattern AT = Pattern.compile("\"at\":\"([^\"]+)\"");

    private final HttpServer server;
    private final Map<Integer, List<Long>> checks = new ConcurrentHashMap<>();
    private final Set<Integer> failing = ConcurrentHashMap.newKeySet();
    private final List<ReactionCall> answered = new CopyOnWriteArrayList<>();
    private final List<ReactionCall> cutOff = new CopyOnWriteArrayList<>();
    private final AtomicReference<HeldCall> nextHeld = new AtomicReference<>();

    /** A reaction call kept without an answer until released: the caller is busy in it meanwhile. */
    static final class HeldCall {
        private final String hook;
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile int callerPort;

        private HeldCall(String hook) {
            this.hook = hook;
        }

        /** Whether the call has arrived and is being held. */
        boolean arrived() {
            return arrived.getCount() == 0;
        }

        /** The caller's local port, to find which process made the call. */
        int callerPort() {
            return callerPort;
        }

        /** Lets the call end: closed without an answer, so the run it belonged to did not complete. */
        void release() {
            released.countDown();
        }
    }

    private RecordingTarget(HttpServer server) {
        this.server = server;
    }

    static RecordingTarget started() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            RecordingTarget target = new RecordingTarget(server);
            server.createContext("/m/", target::check);
            server.createContext("/hook/", target::reaction);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL a monitor with this number checks. */
    String monitorUrl(int monitor) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/m/" + monitor;
    }

    /** The URL a reaction posts to; {@code hook} names it in the log. */
    String hookUrl(String hook) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + hook;
    }

    /** The service of these monitors answers 500 from now on (their checks fail). */
    void fail(Collection<Integer> monitors) {
        failing.addAll(monitors);
    }

    /** The service of these monitors answers 200 again. */
    void heal(Collection<Integer> monitors) {
        failing.removeAll(monitors);
    }

    /** The next call to {@code hook} is held without an answer until {@link HeldCall#release()}. */
    HeldCall holdNextCall(String hook) {
        HeldCall held = new HeldCall(hook);
        nextHeld.set(held);
        return held;
    }

    /** When each check of the monitor with this number arrived, in epoch milliseconds, oldest first. */
    List<Long> checksOf(int monitor) {
        List<Long> times = checks.get(monitor);
        if (times == null) {
            return List.of();
        }
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    /** Reaction calls answered 2xx: each is a run that completed. */
    List<ReactionCall> answeredCalls() {
        return List.copyOf(answered);
    }

    /** Reaction calls that were held and ended without an answer (their caller died meanwhile). */
    List<ReactionCall> cutOffCalls() {
        return List.copyOf(cutOff);
    }

    private void check(HttpExchange exchange) throws IOException {
        long now = System.currentTimeMillis();
        try (exchange) {
            int monitor = Integer.parseInt(exchange.getRequestURI().getPath().substring("/m/".length()));
            List<Long> times = checks.computeIfAbsent(monitor, m -> new ArrayList<>());
            synchronized (times) {
                times.add(now);
            }
            int status = failing.contains(monitor) ? 500 : 200;
            byte[] body = (status == 200 ? "OK" : "failing on purpose").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (NumberFormatException e) {
            exchange.sendResponseHeaders(404, -1);
        }
    }

    private void reaction(HttpExchange exchange) throws IOException {
        try (exchange) {
            String hook = exchange.getRequestURI().getPath().substring("/hook/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ReactionCall call = new ReactionCall(
                    hook,
                    Long.parseLong(first(MONITOR_ID, body)),
                    first(TO, body),
                    first(AT, body),
                    System.currentTimeMillis());
            HeldCall held = nextHeld.get();
            if (held != null && held.hook.equals(hook) && nextHeld.compareAndSet(held, null)) {
                held.callerPort = exchange.getRemoteAddress().getPort();
                held.arrived.countDown();
                try {
                    held.released.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cutOff.add(call);
                return; // closed without an answer
            }
            answered.add(call);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static String first(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IllegalArgumentException("reaction body without " + pattern + ": " + body);
        }
        return matcher.group(1);
    }

    @Override
    public void close() {
        HeldCall held = nextHeld.getAndSet(null);
        if (held != null) {
            held.release();
        }
        server.stop(0);
    }
}
