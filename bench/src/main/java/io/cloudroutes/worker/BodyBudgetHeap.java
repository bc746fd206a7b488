package io.cloudroutes.worker;

import com.sun.net.httpserver.HttpServer;
import io.cloudroutes.checks.BodyBudget;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.CheckType;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.config.Env;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressPolicy;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.plugin.PluginRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The heap a worker needs for the pages its checks keep, at its worst: {@code bench.capacity} (200, the default
 * capacity) checks at once, each with a keyword condition on a page of 1 MiB sent without a length (so each reserves
 * the most a check can) whose text takes two bytes a character, through the worker's {@link CheckRunner} and the
 * {@code http} type, against a JDK HTTP server on 127.0.0.1 that sends each page in 16 pieces {@code bench.trickle-ms}
 * (20) apart, as a slow site does, so that every check holds its page for a while. Runs {@code bench.duration} seconds (20) with a body
 * budget of {@code bench.budget} bytes (the worker's default; 0: no bound, as before the budget) and prints the checks
 * by outcome, the budget's waits and refusals, and the largest heap in use right after a collection (the live set).
 * Run it in a JVM with the heap to try, e.g. {@code java -Xmx128m -XX:+ExitOnOutOfMemoryError}: an exit with an
 * OutOfMemoryError is the answer "too small".
 */
public final class BodyBudgetHeap {

    private BodyBudgetHeap() {}

    public static void main(String[] args) throws Exception {
        int capacity = Integer.getInteger("bench.capacity", 200);
        int seconds = Integer.getInteger("bench.duration", 20);
        long budgetBytes = Long.getLong("bench.budget", WorkerConfig.DEFAULT_BODY_BUDGET_BYTES);
        long trickleMillis = Long.getLong("bench.trickle-ms", 20);
        BodyBudget budget =
                budgetBytes == 0 ? BodyBudget.UNBOUNDED : new BodyBudget(budgetBytes, WorkerConfig.BODY_BUDGET_SETTING);

        // 1 MiB with a character outside Latin-1, so that its text takes two bytes a character
        byte[] page = ("€ ok " + "x".repeat(BodyBudget.MAX_PAGE_BYTES)).getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, 0); // chunked: no length, so each check reserves the most it can
            int piece = page.length / 16 + 1;
            for (int from = 0; from < page.length; from += piece) {
                exchange.getResponseBody().write(page, from, Math.min(piece, page.length - from));
                exchange.getResponseBody().flush();
                try {
                    Thread.sleep(trickleMillis); // a slow site, not a wait for anything
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            exchange.close();
        });
        server.start();

        Egress egress = Egress.fromEnv(Env.of(Map.of(EgressPolicy.ALLOW_VARIABLE, "127.0.0.0/8")), List.of());
        PluginRegistry<CheckType> types = CheckType.registry();
        ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
        CheckRunner runner = new CheckRunner(
                types,
                checks,
                MonitorDefinition.DEFAULT_ZONE,
                "bench-worker",
                () -> false,
                Optional.empty(),
                CheckServices.of(egress, budget));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";

        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService slots = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < capacity; i++) {
            slots.submit(() -> {
                while (System.nanoTime() < until) {
                    long now = System.currentTimeMillis();
                    CheckResult result = runner.run(new CheckJob(
                            "bench",
                            1,
                            "http",
                            Map.of("url", url, "keyword", "ok"),
                            10_000,
                            now,
                            now,
                            MonitorDefinition.DEFAULT_ZONE));
                    String outcome = result.abstaining()
                            ? "NOT_RUN"
                            : result.status() == Status.HEALTHY ? "HEALTHY" : "FAILED " + result.reason();
                    outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
                }
            });
        }
        long liveMax = 0;
        while (System.nanoTime() < until) {
            liveMax = Math.max(liveMax, liveAfterLastCollection());
            Thread.sleep(100); // sampling the heap, not waiting for the checks
        }
        slots.shutdown();
        slots.awaitTermination(30, TimeUnit.SECONDS);
        liveMax = Math.max(liveMax, liveAfterLastCollection());

        System.out.printf(
                "max heap %d MiB, capacity %d, budget %s, pieces %d ms apart, %d s%n",
                Runtime.getRuntime().maxMemory() >> 20,
                capacity,
                budgetBytes == 0 ? "none" : (budgetBytes >> 20) + " MiB",
                trickleMillis,
                seconds);
        outcomes.forEach((outcome, count) -> System.out.printf("  %s: %d%n", outcome, count.sum()));
        System.out.printf(
                "  budget waits %d, refusals %d, free at the end %d of %d%n",
                budget.waits(), budget.refusals(), budget.available(), budget.size());
        System.out.printf("  largest heap in use after a collection: %d MiB%n", liveMax >> 20);
        server.stop(0);
        checks.shutdownNow();
        types.all().forEach(CheckType::close);
    }

    /** The heap in use right after the last collection of each pool: what was live then. */
    private static long liveAfterLastCollection() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterCollection = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterCollection != null) {
                used += afterCollection.getUsed();
            }
        }
        return used;
    }
}
