package io.cloudroutes.crweb.monitor;

import io.cloudroutes.crweb.CrwebApplication;
import io.cloudroutes.crweb.TestInfrastructure;
import io.cloudroutes.crweb.system.SecretTokens;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.apikey.ApiKey;
import io.cloudroutes.store.apikey.ApiKeyRepository;
import io.cloudroutes.store.team.TeamRepository;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How many monitors per second the REST API creates, against a whole crweb on real embedded PostgreSQL and Redis,
 * over HTTP on loopback with an API key, as a program would:
 * <ul>
 * <li>(a) single creates ({@code POST /api/v1/monitors}) from {@link #SENDERS} senders at once;</li>
 * <li>(b) single creates from one sender, one after the other (the latency of one create);</li>
 * <li>(c) bulk creates ({@code POST /api/v1/monitors/bulk}) of {@link #BULK_SIZE} monitors, one after the other.</li>
 * </ul>
 * Every answer must be 201, or the benchmark stops. The quota is off (0) so that the account can grow; every round
 * adds to the same account, as an import would. The figures (medians of {@link #ROUNDS} rounds after a warm-up) go to
 * standard error; crweb logs to standard output.
 *
 * <p>Run: see docs/benchmarks.md.
 */
public final class CreateMonitorsBenchmark {

    private static final int WARM_UP_ROUNDS = 1;
    private static final int ROUNDS = 5;
    private static final int SENDERS = 8;
    private static final int CONCURRENT_SINGLES = 1_000;
    private static final int SEQUENTIAL_SINGLES = 300;
    private static final int BULK_SIZE = MonitorApiController.MOST_PER_BULK;
    private static final int BULKS = 5;
    /** {@code -Dbulk=false} measures single creates alone, e.g. against a crweb from before the bulk endpoint. */
    private static final boolean BULK = Boolean.parseBoolean(System.getProperty("bulk", "true"));

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI single;
    private final URI bulk;
    private final String key;
    private final AtomicInteger names = new AtomicInteger();

    private CreateMonitorsBenchmark(int port, String key) {
        this.single = URI.create("http://127.0.0.1:" + port + "/api/v1/monitors");
        this.bulk = URI.create("http://127.0.0.1:" + port + "/api/v1/monitors/bulk");
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        try (TestInfrastructure infrastructure = TestInfrastructure.start()) {
            Map<String, String> properties = new HashMap<>(infrastructure.properties());
            properties.put("spring.config.name", "crweb");
            properties.put("server.port", "0");
            properties.put("server.address", "127.0.0.1");
            properties.put("cloudroutes.quota.monitors", "0");
            // as command-line arguments, which win over crweb.properties as a deployment's settings do
            String[] arguments = properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            try (ConfigurableApplicationContext crweb =
                    new SpringApplicationBuilder(CrwebApplication.class).run(arguments)) {
                int port = Integer.parseInt(crweb.getEnvironment().getProperty("local.server.port"));
                new CreateMonitorsBenchmark(port, apiKey(crweb)).run();
            }
        }
    }

    /** A read-write key of a new account, stored as the API keys page stores one (its hash only). */
    private static String apiKey(ConfigurableApplicationContext crweb) {
        UserAccount owner = crweb.getBean(UserAccountRepository.class)
                .save(new UserAccount("bench-" + UUID.randomUUID() + "@example.com", "x"));
        String key = SecretTokens.generate("crk_");
        crweb.getBean(ApiKeyRepository.class)
                .save(new ApiKey(
                        crweb.getBean(TeamRepository.class).personalTeamIdOf(owner.getId()),
                        owner.getId(),
                        "bench",
                        key.substring(0, 10),
                        SecretTokens.hash(key)));
        return key;
    }

    private void run() throws Exception {
        double[][] rates = new double[3][ROUNDS];
        double[][] cpu = new double[3][ROUNDS];
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            Measured a = measured(CONCURRENT_SINGLES, this::concurrentSingles);
            Measured b = measured(SEQUENTIAL_SINGLES, this::sequentialSingles);
            Measured c = BULK ? measured(BULK_SIZE * BULKS, this::bulks) : new Measured(0, 0);
            System.err.printf(
                    "round %d: (a) %.0f/s (b) %.0f/s (c) %.0f/s%n", round, a.perSecond(), b.perSecond(), c.perSecond());
            if (round >= 0) {
                Measured[] steps = {a, b, c};
                for (int step = 0; step < steps.length; step++) {
                    rates[step][round] = steps[step].perSecond();
                    cpu[step][round] = steps[step].cpuMicrosEach();
                }
            }
        }
        System.err.printf(
                "monitors created per second, median of %d rounds (CPU of this JVM, crweb and the "
                        + "client, per monitor):%n",
                ROUNDS);
        System.err.printf(
                "(a) single creates, %d senders: %,.0f/s (%,.0f µs CPU)%n", SENDERS, median(rates[0]), median(cpu[0]));
        System.err.printf(
                "(b) single creates, 1 sender: %,.0f/s (%.1f ms each, %,.0f µs CPU)%n",
                median(rates[1]), 1_000 / median(rates[1]), median(cpu[1]));
        System.err.printf(
                "(c) bulk creates of %d, 1 sender: %,.0f/s (%.0f ms per request, %,.0f µs CPU)%n",
                BULK_SIZE, median(rates[2]), 1_000.0 * BULK_SIZE / median(rates[2]), median(cpu[2]));
    }

    /** Monitors created per second of wall time, and microseconds of this JVM's CPU per monitor. */
    private record Measured(double perSecond, double cpuMicrosEach) {}

    private interface Step {
        void run() throws Exception;
    }

    private static Measured measured(int monitors, Step step) throws Exception {
        long cpuStart = CPU.getProcessCpuTime();
        long start = System.nanoTime();
        step.run();
        long wall = System.nanoTime() - start;
        return new Measured(monitors / (wall / 1e9), (CPU.getProcessCpuTime() - cpuStart) / 1e3 / monitors);
    }

    private void concurrentSingles() throws Exception {
        try (ExecutorService senders = Executors.newFixedThreadPool(SENDERS)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int sender = 0; sender < SENDERS; sender++) {
                sent.add(senders.submit(() -> {
                    for (int i = 0; i < CONCURRENT_SINGLES / SENDERS; i++) {
                        created(post(single, monitor()));
                    }
                    return null;
                }));
            }
            for (Future<?> one : sent) {
                one.get();
            }
        }
    }

    private void sequentialSingles() throws Exception {
        for (int i = 0; i < SEQUENTIAL_SINGLES; i++) {
            created(post(single, monitor()));
        }
    }

    private void bulks() throws Exception {
        for (int i = 0; i < BULKS; i++) {
            created(post(
                    bulk,
                    IntStream.range(0, BULK_SIZE).mapToObj(n -> monitor()).collect(Collectors.joining(",", "[", "]"))));
        }
    }

    private String monitor() {
        int n = names.incrementAndGet();
        return """
                {"name":"db %d","checkType":"tcp","intervalSeconds":60,"timeoutSeconds":5,"zones":["default"],
                 "settings":{"host":"db%d.internal","port":"5432"}}""".formatted(n, n);
    }

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void created(HttpResponse<String> response) {
        if (response.statusCode() != 201) {
            throw new IllegalStateException("answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
