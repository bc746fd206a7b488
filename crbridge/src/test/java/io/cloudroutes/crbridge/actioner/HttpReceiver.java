package io.cloudroutes.crbridge.actioner;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback that stands in for what reactions call (webhook receivers, PagerDuty): counts the
 * requests to each path and answers each with the status scripted for it (200 and a PagerDuty-style success body
 * once the script runs out).
 */
public final class HttpReceiver implements AutoCloseable {

    private static final byte[] SUCCESS =
            "{\"status\":\"success\",\"message\":\"Event processed\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Map<String, List<String>> runKeys = new ConcurrentHashMap<>();

    public HttpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            received.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String runKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            runKeys.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(runKey == null ? "" : runKey);
            CountDownLatch hold = held.get(path);
            if (hold != null) {
                try {
                    hold.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Deque<Integer> scripted = answers.get(path);
            Integer status = scripted == null || scripted.isEmpty() ? null : scripted.poll();
            if (status == null) {
                exchange.sendResponseHeaders(200, SUCCESS.length);
                exchange.getResponseBody().write(SUCCESS);
            } else {
                exchange.sendResponseHeaders(status, -1);
            }
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // a held request holds up no other
        server.start();
    }

    /** The next requests to {@code path} are answered with these statuses, in order. */
    void answer(String path, List<Integer> statuses) {
        answers.put(path, new ArrayDeque<>(statuses));
    }

    /** Requests to {@code path} get no answer until {@link #release}: a reaction that is still running. */
    void hold(String path) {
        held.put(path, new CountDownLatch(1));
    }

    /** Answers the requests held at {@code path}, and the next ones at once. */
    void release(String path) {
        CountDownLatch hold = held.remove(path);
        if (hold != null) {
            hold.countDown();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int hits(String path) {
        return received.getOrDefault(path, new AtomicInteger()).get();
    }

    /** The Idempotency-Key of each request to {@code path}, in order ("" for a request without one). */
    public List<String> runKeys(String path) {
        return List.copyOf(runKeys.getOrDefault(path, List.of()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
