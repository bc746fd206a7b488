package io.cloudroutes.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.zmq.TestPlane;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite of the distributed set: every process in its own JVM (crweb, two actioners, several controls,
 * brokers and workers) with at least 1,000 HTTP monitors against a local target, and one fault after another under
 * that load: {@code kill -9} of each kind of process, a broker restarted, an actioner killed while a reaction runs,
 * Redis restarted without its data, PostgreSQL stopped for 30 s. After each fault the killed process is started again,
 * as a supervisor would, and four properties are checked for the fault's window, from PostgreSQL and from the target's
 * own logs:
 * <ol>
 * <li>every monitor was checked in every interval, except at most one around the fault;</li>
 * <li>every decision's reaction ran exactly once (the reaction receiver counts the calls it answered);</li>
 * <li>every webhook crweb answered 2xx is recorded;</li>
 * <li>no transition happened but those of the monitors the test made fail.</li>
 * </ol>
 * Bounded for CI by default (about 8 minutes on two cores); {@code -Dchaos.monitors}, {@code -Dchaos.interval-seconds},
 * {@code -Dchaos.rounds} and {@code -Dchaos.brokers} make the longer run of docs/benchmarks.md.
 */
class ChaosSuiteTest {

    static final int MONITORS = Integer.getInteger("chaos.monitors", 1000);
    static final int INTERVAL_SECONDS = Integer.getInteger("chaos.interval-seconds", 10);
    static final int ROUNDS = Integer.getInteger("chaos.rounds", 1);
    static final int BROKERS = Integer.getInteger("chaos.brokers", 2);
    static final int CONTROLS = 2;
    static final int WORKERS = 2;
    static final int ACTIONERS = 2;
    /** Monitors made to fail in each scenario, so that reactions run during the fault. */
    static final int FAILED_PER_SCENARIO = 3;
    /** Webhook monitors for each scenario, one for each webhook sent (each a transition of its own to look for). */
    static final int WEBHOOKS_PER_SCENARIO = 60;

    static final int SCENARIOS = 8;
    /** The monitor whose reaction is slow: the one running when an actioner is killed. */
    static final int SLOW_REACTION_MONITOR = 0;

    static final Duration LEASE = Duration.ofSeconds(8);
    static final Path LOGS = Path.of("target", "chaos");

    @TempDir
    static Path data;

    static EmbeddedServers.Database postgres;
    static int postgresPort;
    static TestRedis redis;
    static RecordingTarget target;
    static DistributedSet processes;
    static Database database;
    static ApiClient api;
    static int webPort;
    /** Monitor id by the monitor's number (its path on the target). */
    static long[] monitorIds;

    static final List<Integer> flippable = new ArrayList<>();
    static final List<Webhooks.Monitor> webhookMonitors = new ArrayList<>();
    static Webhooks webhooks;
    static final List<String> figures = new ArrayList<>();
    static HostPauses hostPauses;

    @BeforeAll
    static void startTheDistributedSetWithItsMonitors() throws Exception {
        hostPauses = HostPauses.watching();
        target = RecordingTarget.started();
        postgres = EmbeddedServers.postgres(data.resolve("postgres-data"));
        postgresPort = URI.create(postgres.url().substring("jdbc:".length())).getPort();
        redis = TestRedis.start();
        database = new Database(postgres.url(), postgres.application());
        processes = new DistributedSet(LOGS);
        webPort = LoopbackPorts.next();
        startProcesses();
        processes.awaitAllHealthy(Duration.ofMinutes(3));
        createMonitors();
        // every monitor checked and HEALTHY before the first fault
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .failFast(
                        "a CloudRoutes process stopped",
                        () -> processes.aProcessDied().isPresent())
                .alias("every HTTP monitor HEALTHY")
                .until(
                        () -> database.count("select count(*) from events where to_status = 'HEALTHY'"),
                        healthy -> healthy >= MONITORS);
        webhooks = new Webhooks("http://127.0.0.1:" + webPort, webhookMonitors);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        // each is stopped even when one before it fails to stop: nothing started here may outlive the suite
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable each : new AutoCloseable[] {webhooks, processes, redis, postgres, target, hostPauses}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!figures.isEmpty()) {
            String table = String.join("\n", figures);
            System.out.println(table);
            Files.writeString(LOGS.resolve("figures.md"), table + "\n");
        }
        if (!failures.isEmpty()) {
            failures.stream().skip(1).forEach(failures.getFirst()::addSuppressed);
            throw failures.getFirst();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFaultUnderLoadKeepsChecksReactionsAndWebhooks() {
        List<DynamicTest> scenarios = new ArrayList<>();
        figures.add(
                "| Fault | Fault to recovered (s) | Longest wait for a check after the fault (s) | Monitors that missed "
                        + "an interval | Checks repeated within half an interval | Decisions / reaction calls answered (all so far) | "
                        + "Webhooks accepted / recorded (refused) | Machine stood still (s) |");
        figures.add("|---|---|---|---|---|---|---|---|");
        for (int round = 1; round <= ROUNDS; round++) {
            String r = ROUNDS > 1 ? " (round " + round + ")" : "";
            scenarios.add(DynamicTest.dynamicTest(
                    "kill -9 of a control" + r,
                    () -> scenario("kill -9 cram-control" + r, () -> killAndRestart("control-1"))));
            scenarios.add(DynamicTest.dynamicTest(
                    "kill -9 of a worker" + r,
                    () -> scenario("kill -9 cram-worker" + r, () -> killAndRestart("worker-1"))));
            scenarios.add(DynamicTest.dynamicTest(
                    "kill -9 of a broker" + r,
                    () -> scenario("kill -9 cram-broker" + r, () -> killAndRestart("broker-1"))));
            scenarios.add(DynamicTest.dynamicTest(
                    "a broker restarted" + r,
                    () -> scenario("cram-broker restarted (SIGTERM)" + r, () -> stopAndRestart("broker-" + BROKERS))));
            scenarios.add(DynamicTest.dynamicTest(
                    "kill -9 of an actioner while a reaction runs" + r, () -> actionerKilledWhileAReactionRuns(r)));
            scenarios.add(DynamicTest.dynamicTest(
                    "kill -9 of crweb" + r, () -> scenario("kill -9 crweb" + r, () -> killAndRestart("crweb"))));
            scenarios.add(DynamicTest.dynamicTest(
                    "Redis restarted without its data" + r,
                    () -> scenario(
                            "Redis restarted without its data" + r, ChaosSuiteTest::redisRestartedWithoutItsData)));
            scenarios.add(DynamicTest.dynamicTest(
                    "PostgreSQL stopped for 30 s" + r,
                    () -> scenario("PostgreSQL stopped for 30 s" + r, ChaosSuiteTest::postgresStoppedThirtySeconds)));
        }
        return scenarios.stream();
    }

    /** A fault: done and recovered from (the process running again) when it returns. */
    @FunctionalInterface
    interface Fault {
        void injectAndRecover() throws Exception;
    }

    private static void scenario(String name, Fault fault) throws Exception {
        List<Integer> failing = nextToFail();
        scenario(
                name,
                failing,
                () -> {
                    target.fail(failing);
                    fault.injectAndRecover();
                },
                () -> {});
    }

    /**
     * Runs one fault under load and checks the four properties for its window: from a moment before the fault until
     * one interval after the set has recovered and the monitors made to fail are HEALTHY again (by then every monitor
     * had its check after the fault, or missed it).
     */
    private static void scenario(String name, List<Integer> failing, Fault fault, Fault afterRecovery)
            throws Exception {
        // the scenario's webhook monitors report healthy once before the fault, as senders in use have
        List<Webhooks.Monitor> reporting = webhooks.reportHealthy(WEBHOOKS_PER_SCENARIO);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .alias("the scenario's webhook monitors HEALTHY")
                .until(() -> reporting.stream()
                        .allMatch(m -> database.transitions(m.id()).contains("UNKNOWN->HEALTHY")));
        long eventsBefore = database.count("select coalesce(max(id), 0) from events");
        long windowStart = System.currentTimeMillis();
        int webhooksBefore = webhooks.accepted().size();
        Map<String, Integer> refusedBefore = webhooks.refused();
        webhooks.startSending(reporting);
        try {
            checkWindow(name, failing, fault, afterRecovery, eventsBefore, windowStart, webhooksBefore, refusedBefore);
        } finally {
            // a scenario that failed leaves nothing behind for the next one
            webhooks.stopSending();
            target.heal(failing);
        }
    }

    private static void checkWindow(
            String name,
            List<Integer> failing,
            Fault fault,
            Fault afterRecovery,
            long eventsBefore,
            long windowStart,
            int webhooksBefore,
            Map<String, Integer> refusedBefore)
            throws Exception {
        long faultAt = System.currentTimeMillis();
        fault.injectAndRecover();
        long recoveredAt = System.currentTimeMillis();
        // webhooks go on a moment after the recovery: the ones a restarted crweb takes first must be kept too
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() >= recoveredAt + 3_000);
        webhooks.stopSending();
        afterRecovery.injectAndRecover();

        List<Long> failingIds = failing.stream().map(n -> monitorIds[n]).toList();
        await().atMost(Duration.ofSeconds(6L * INTERVAL_SECONDS + 60))
                .pollInterval(Duration.ofSeconds(1))
                .failFast(
                        "a CloudRoutes process stopped",
                        () -> processes.aProcessDied().isPresent())
                .alias("the monitors made to fail are FAILED")
                .until(
                        () -> transitionsAfter(eventsBefore),
                        events -> failingIds.stream()
                                .allMatch(
                                        id -> events.getOrDefault(id, List.of()).contains("HEALTHY->FAILED")));
        target.heal(failing);
        await().atMost(Duration.ofSeconds(3L * INTERVAL_SECONDS + 30))
                .pollInterval(Duration.ofSeconds(1))
                .alias("the monitors made to fail are HEALTHY again")
                .until(
                        () -> transitionsAfter(eventsBefore),
                        events -> failingIds.stream()
                                .allMatch(
                                        id -> events.getOrDefault(id, List.of()).contains("FAILED->HEALTHY")));
        long windowEnd = Math.max(recoveredAt, System.currentTimeMillis()) + 1_000L * INTERVAL_SECONDS;
        await().atMost(Duration.ofSeconds(INTERVAL_SECONDS + 10L))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> System.currentTimeMillis() >= windowEnd);

        CheckGaps gaps =
                CheckGaps.of(target, MONITORS, INTERVAL_SECONDS * 1000L, windowStart, windowEnd, faultAt, hostPauses);
        gaps.write(
                LOGS.resolve("checks-" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".csv"),
                target,
                MONITORS,
                windowStart,
                windowEnd,
                faultAt);
        Map<Long, List<String>> transitions = transitionsAfter(eventsBefore);
        List<Webhooks.Accepted> accepted =
                webhooks.accepted().subList(webhooksBefore, webhooks.accepted().size());
        ReactionTally reactions = awaitEveryDecisionsReaction();

        figures.add("| %s | %.1f | %.1f | %d | %d | %d / %d | %d / %d (%s) | %.1f |"
                .formatted(
                        name,
                        (recoveredAt - faultAt) / 1000.0,
                        gaps.longestWaitAfterFaultMillis() / 1000.0,
                        gaps.monitorsMissingOne(),
                        gaps.repeatedChecks(),
                        reactions.decisions(),
                        reactions.answered(),
                        accepted.size(),
                        accepted.stream().filter(a -> recorded(a.monitorId())).count(),
                        refusedSince(refusedBefore, webhooks.refused()),
                        hostPauses.pausedMillis(windowStart, windowEnd) / 1000.0));
        hostPauses
                .within(windowStart, windowEnd)
                .forEach(pause -> System.out.printf(
                        "%s: the machine stood still for %d ms from %s; not counted as time without checks%n",
                        name, pause.millis(), java.time.Instant.ofEpochMilli(pause.fromMillis())));

        // 1. every monitor checked in every interval, except at most one around the fault
        assertThat(gaps.worst())
                .as("monitors that missed more than one interval (number → missed) in %s", name)
                .isEmpty();
        // 2. every decision's reactions run exactly once
        assertThat(reactions.problems())
                .as("decisions whose reaction did not run exactly once")
                .isEmpty();
        // 3. every webhook answered 2xx is recorded
        assertThat(accepted).as("webhooks accepted during the fault").isNotEmpty();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(accepted.stream()
                                .filter(a -> !recorded(a.monitorId()))
                                .toList())
                        .as("webhooks answered 2xx and not recorded")
                        .isEmpty());
        // 4. no spurious transition: only the monitors made to fail changed, each down once and up once
        Map<Long, List<String>> httpTransitions = new HashMap<>(transitions);
        webhookMonitors.forEach(monitor -> httpTransitions.remove(monitor.id()));
        Map<Long, List<String>> expected = failingIds.stream()
                .collect(Collectors.toMap(id -> id, id -> List.of("HEALTHY->FAILED", "FAILED->HEALTHY")));
        assertThat(httpTransitions)
                .as("transitions of HTTP monitors in %s", name)
                .isEqualTo(expected);
        for (Webhooks.Monitor monitor : webhookMonitors) {
            List<String> seen = transitions.getOrDefault(monitor.id(), List.of());
            assertThat(seen)
                    .as("transitions of webhook monitor %d", monitor.id())
                    .isSubsetOf("HEALTHY->FAILED");
            if (!seen.isEmpty()) {
                assertThat(webhooks.sentTo(monitor.id()))
                        .as("webhook monitor %d changed without a webhook", monitor.id())
                        .isTrue();
            }
        }
    }

    private static String refusedSince(Map<String, Integer> before, Map<String, Integer> now) {
        String refused = now.entrySet().stream()
                .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0))
                .map(e -> e.getKey() + " ×" + (e.getValue() - before.getOrDefault(e.getKey(), 0)))
                .sorted()
                .collect(Collectors.joining(", "));
        return refused.isEmpty() ? "none" : refused;
    }

    private static void killAndRestart(String name) {
        processes.kill(name);
        processes.restart(name);
        processes.awaitHealthy(name, Duration.ofMinutes(2));
    }

    private static void stopAndRestart(String name) {
        processes.stop(name);
        processes.restart(name);
        processes.awaitHealthy(name, Duration.ofMinutes(2));
    }

    /** Redis comes back empty; recovered once an actioner has rebuilt it from PostgreSQL. */
    private static void redisRestartedWithoutItsData() {
        String rebuilt = "rebuilt Redis from PostgreSQL after it lost its data";
        long before = rebuilds(rebuilt);
        redis.restartWithoutData();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .alias("Redis rebuilt")
                .until(() -> rebuilds(rebuilt) > before);
    }

    private static long rebuilds(String line) {
        return IntStream.rangeClosed(1, ACTIONERS)
                .mapToLong(i -> processes.logLinesContaining("crbridge-" + i, line))
                .sum();
    }

    private static void postgresStoppedThirtySeconds() throws IOException {
        postgres.close();
        // every process rides out the outage: none exits, none needs a restart
        await().during(Duration.ofSeconds(30))
                .atMost(Duration.ofSeconds(35))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> processes.aProcessDied().isEmpty());
        postgres = EmbeddedServers.postgres(data.resolve("postgres-data"), postgresPort);
    }

    /**
     * The monitor with the slow reaction fails; while an actioner is inside the reaction's call (the receiver holds
     * it), that actioner is killed. The run must complete once, on the other actioner or the restarted one, after
     * the lease of the dead one's job ends.
     */
    private static void actionerKilledWhileAReactionRuns(String round) throws Exception {
        List<Integer> failing = new ArrayList<>(nextToFail());
        failing.add(SLOW_REACTION_MONITOR);
        RecordingTarget.HeldCall held = target.holdNextCall("slow");
        int cutOffBefore = target.cutOffCalls().size();
        try {
            scenario(
                    "kill -9 crbridge (actioner) while a reaction runs" + round,
                    failing,
                    () -> {
                        target.fail(failing);
                        await().atMost(Duration.ofSeconds(4L * INTERVAL_SECONDS + 30))
                                .pollInterval(Duration.ofMillis(200))
                                .alias("the slow reaction's call arrives")
                                .until(held::arrived);
                        String actioner = processes
                                .nameOf(ownerOf(held.callerPort()))
                                .orElseThrow(
                                        () -> new IllegalStateException("no actioner holds the reaction's connection"));
                        processes.kill(actioner);
                        held.release();
                        processes.restart(actioner);
                        processes.awaitHealthy(actioner, Duration.ofMinutes(2));
                    },
                    () -> {});
        } finally {
            held.release();
        }
        assertThat(target.cutOffCalls().size() - cutOffBefore)
                .as("calls cut off by the kill")
                .isEqualTo(1);
    }

    /** The pid of the process whose TCP connection has this local port. */
    private static long ownerOf(int localPort) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-Htnp", "( sport = :" + localPort + " )")
                .redirectErrorStream(true)
                .start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor();
        Matcher pid = Pattern.compile("pid=(\\d+)").matcher(out);
        if (!pid.find()) {
            throw new IllegalStateException("no process holds port " + localPort + ": " + out);
        }
        return Long.parseLong(pid.group(1));
    }

    private static List<Integer> nextToFail() {
        if (flippable.size() < FAILED_PER_SCENARIO) {
            throw new IllegalStateException("no monitors left to make fail; raise chaos.monitors");
        }
        List<Integer> next = new ArrayList<>(flippable.subList(0, FAILED_PER_SCENARIO));
        flippable.subList(0, FAILED_PER_SCENARIO).clear();
        return next;
    }

    /** Transitions recorded after the event with this id, by monitor, oldest first. */
    private static Map<Long, List<String>> transitionsAfter(long eventId) {
        Map<Long, List<String>> byMonitor = new LinkedHashMap<>();
        for (String row : database.strings(
                "select monitor_id || ' ' || from_status || '->' || to_status from events "
                        + "where id > ? order by id",
                eventId)) {
            String[] parts = row.split(" ");
            byMonitor
                    .computeIfAbsent(Long.parseLong(parts[0]), id -> new ArrayList<>())
                    .add(parts[1]);
        }
        return byMonitor;
    }

    private static boolean recorded(long webhookMonitorId) {
        return database.transitions(webhookMonitorId).contains("HEALTHY->FAILED");
    }

    /** Decisions (FAILED transitions of monitors with a reaction) against the calls the reaction receiver answered. */
    record ReactionTally(long decisions, long answered, List<String> problems) {}

    private static ReactionTally awaitEveryDecisionsReaction() {
        try {
            return await().atMost(Duration.ofSeconds(LEASE.toSeconds() * 3 + 30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            ChaosSuiteTest::tallyReactions,
                            tally -> tally.problems().isEmpty()
                                    || tally.problems().stream().anyMatch(p -> p.contains("twice")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return tallyReactions(); // its problems are the assertion's message
        }
    }

    private static ReactionTally tallyReactions() {
        Map<Long, Long> decisions = new HashMap<>();
        for (String monitor :
                database.strings("select monitor_id from events where to_status = 'FAILED' " + "and id > ?", 0)) {
            decisions.merge(Long.parseLong(monitor), 1L, Long::sum);
        }
        webhookMonitors.forEach(monitor -> decisions.remove(monitor.id()));
        Map<Long, Long> jobs = new HashMap<>();
        for (String monitor :
                database.strings("select monitor_id from reaction_jobs where kind = 'RUN' " + "and id > ?", 0)) {
            jobs.merge(Long.parseLong(monitor), 1L, Long::sum);
        }
        List<RecordingTarget.ReactionCall> calls = target.answeredCalls();
        Map<Long, Long> answered = calls.stream()
                .filter(call -> call.to().equals("FAILED"))
                .collect(Collectors.groupingBy(RecordingTarget.ReactionCall::monitorId, Collectors.counting()));
        List<String> problems = new ArrayList<>();
        calls.stream()
                .collect(Collectors.groupingBy(
                        call -> call.monitorId() + " " + call.to() + " " + call.at(), Collectors.counting()))
                .forEach((decision, count) -> {
                    if (count > 1) {
                        problems.add("decision " + decision + " answered " + count + " times: ran twice");
                    }
                });
        for (Long monitor : union(decisions.keySet(), answered.keySet())) {
            long made = decisions.getOrDefault(monitor, 0L);
            long ran = answered.getOrDefault(monitor, 0L);
            long queued = jobs.getOrDefault(monitor, 0L);
            if (made != ran || made != queued) {
                problems.add("monitor " + monitor + ": " + made + " FAILED transitions, " + queued + " reaction jobs, "
                        + ran + " reaction calls answered");
            }
        }
        return new ReactionTally(
                decisions.values().stream().mapToLong(Long::longValue).sum(),
                answered.values().stream().mapToLong(Long::longValue).sum(),
                problems);
    }

    private static List<Long> union(java.util.Set<Long> a, java.util.Set<Long> b) {
        return Stream.concat(a.stream(), b.stream()).distinct().sorted().toList();
    }

    private static void startProcesses() {
        Map<String, String> env = DistributedSet.sharedEnvironment(postgres);
        env.put("CLOUDROUTES_PUBLIC_URL", "http://127.0.0.1:" + webPort);
        env.put("CLOUDROUTES_QUOTA_MONITORS", "0");
        // the test's targets listen on loopback: allowed the documented way
        env.put("CLOUDROUTES_EGRESS_ALLOW", "127.0.0.0/8");
        List<String> frontends = endpoints(BROKERS);
        List<String> backends = endpoints(BROKERS);
        List<String> results = endpoints(ACTIONERS);
        env.put("CLOUDROUTES_BROKER_FRONTEND", String.join(",", frontends));
        env.put("CLOUDROUTES_BROKER_BACKEND", String.join(",", backends));
        env.put("CLOUDROUTES_RESULTS_ENDPOINT", String.join(",", results));

        for (int i = 1; i <= ACTIONERS; i++) {
            int port = LoopbackPorts.next();
            Map<String, String> own = DistributedSet.own(env, TestPlane.ACTIONER, 0, redis.url(TestRedis.CRBRIDGE));
            own.put("CLOUDROUTES_RESULTS_BIND", results.get(i - 1));
            own.put("CLOUDROUTES_BRIDGE_PORT", String.valueOf(port));
            processes.start(new DistributedSet.Member(
                    "crbridge-" + i,
                    "io.cloudroutes.crbridge.CrbridgeApplication",
                    own,
                    List.of("--cloudroutes.reactions.lease=" + LEASE.toSeconds() + "s"),
                    port,
                    "/actuator/health"));
        }
        Map<String, String> web = DistributedSet.own(env, null, 0, redis.url(TestRedis.CRWEB));
        web.put("CLOUDROUTES_PORT", String.valueOf(webPort));
        // crweb alone, without SMTP: the suite's account logs in without the confirmation mail it could not get
        web.put("CLOUDROUTES_ACCOUNTS_REQUIRE_EMAIL_CONFIRMATION", "false");
        processes.start(new DistributedSet.Member(
                "crweb",
                "io.cloudroutes.crweb.CrwebApplication",
                web,
                List.of("--cloudroutes.monitors.min-interval-seconds=1"),
                webPort,
                "/actuator/health"));
        for (int i = 1; i <= BROKERS; i++) {
            int port = LoopbackPorts.next();
            Map<String, String> own = DistributedSet.own(env, TestPlane.BROKER, port, null);
            // each broker binds its own pair of endpoints; controls and workers are given them all
            own.put("CLOUDROUTES_BROKER_FRONTEND", frontends.get(i - 1));
            own.put("CLOUDROUTES_BROKER_BACKEND", backends.get(i - 1));
            processes.start(new DistributedSet.Member(
                    "broker-" + i, "io.cloudroutes.broker.Broker", own, List.of(), port, "/health"));
        }
        for (int i = 1; i <= WORKERS; i++) {
            int port = LoopbackPorts.next();
            processes.start(new DistributedSet.Member(
                    "worker-" + i,
                    "io.cloudroutes.worker.Worker",
                    DistributedSet.own(env, TestPlane.WORKER, port, null),
                    List.of(),
                    port,
                    "/health"));
        }
        for (int i = 1; i <= CONTROLS; i++) {
            int port = LoopbackPorts.next();
            processes.start(new DistributedSet.Member(
                    "control-" + i,
                    "io.cloudroutes.control.Control",
                    DistributedSet.own(env, TestPlane.CONTROL, port, redis.url(TestRedis.CONTROL)),
                    List.of(),
                    port,
                    "/health"));
        }
    }

    private static List<String> endpoints(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "tcp://127.0.0.1:" + LoopbackPorts.next())
                .toList();
    }

    /** The monitors, through crweb's REST API as a script or Terraform would create them, a few at a time. */
    private static void createMonitors() throws Exception {
        WebSession browser = new WebSession("http://127.0.0.1:" + webPort);
        browser.signUpAndLogIn("chaos@example.com", "correct horse battery");
        api = new ApiClient("http://127.0.0.1:" + webPort, browser.createApiKey("chaos suite"));
        long counted = createReaction("counted");
        long slow = createReaction("slow");
        monitorIds = new long[MONITORS];
        Map<Long, String> secrets = new ConcurrentHashMap<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            List<Future<?>> created = new ArrayList<>();
            for (int n = 0; n < MONITORS; n++) {
                int number = n;
                created.add(clients.submit(() -> {
                    ApiClient.Answer monitor = api.post("/api/v1/monitors", """
                            {"name":"chaos-%d","checkType":"http","intervalSeconds":%d,"timeoutSeconds":5,
                             "failureThreshold":2,"recoveryThreshold":1,"reactionIds":[%d],
                             "settings":{"url":"%s","expectedStatus":"200"}}""".formatted(
                                    number,
                                    INTERVAL_SECONDS,
                                    number == SLOW_REACTION_MONITOR ? slow : counted,
                                    target.monitorUrl(number)));
                    assertThat(monitor.status())
                            .as("monitor answer %s", monitor.body())
                            .isEqualTo(201);
                    monitorIds[number] = monitor.body().get("id").asLong();
                }));
            }
            for (int n = 0; n < WEBHOOKS_PER_SCENARIO * SCENARIOS * ROUNDS; n++) {
                int number = n;
                created.add(clients.submit(() -> {
                    ApiClient.Answer monitor = api.post("/api/v1/monitors", """
                            {"name":"chaos-webhook-%d","checkType":"webhook","settings":{}}""".formatted(number));
                    assertThat(monitor.status())
                            .as("webhook monitor answer %s", monitor.body())
                            .isEqualTo(201);
                    secrets.put(
                            monitor.body().get("id").asLong(),
                            monitor.body().get("pushSecret").asString());
                }));
            }
            for (Future<?> each : created) {
                each.get();
            }
        }
        secrets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> webhookMonitors.add(new Webhooks.Monitor(entry.getKey(), entry.getValue())));
        // spread over the whole range, so the monitors made to fail are not all in one worker batch
        IntStream.range(1, MONITORS).filter(n -> n % 37 == 1).forEach(flippable::add);
        Collections.shuffle(flippable, new java.util.Random(10));
    }

    private static long createReaction(String hook) {
        ApiClient.Answer reaction = api.post("/api/v1/reactions", """
                {"name":"%s","reactionType":"webhook","callOn":"FAILED","triggerCount":1,"frequencySeconds":0,
                 "timeoutSeconds":60,"settings":{"url":"%s"}}""".formatted(hook, target.hookUrl(hook)));
        assertThat(reaction.status()).as("reaction answer %s", reaction.body()).isEqualTo(201);
        return reaction.body().get("id").asLong();
    }

    /**
     * Generic webhooks sent to crweb while a fault lasts, each to a webhook monitor of its own (so that each accepted
     * one must show as that monitor's transition), about two a second while a fault lasts.
     */
    static final class Webhooks implements AutoCloseable {

        record Monitor(long id, String secret) {}

        record Accepted(long monitorId, long atMillis) {}

        private final HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final String baseUrl;
        private final List<Monitor> unused;
        private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
        private final java.util.Set<Long> sent = ConcurrentHashMap.newKeySet();
        /** Webhooks not accepted, by crweb's answer ("503") or what stood in for one ("no answer"). */
        private final Map<String, Integer> refused = new ConcurrentHashMap<>();

        private final AtomicBoolean sending = new AtomicBoolean();
        private final ExecutorService sender = Executors.newSingleThreadExecutor();

        Webhooks(String baseUrl, List<Monitor> monitors) {
            this.baseUrl = baseUrl;
            this.unused = new ArrayList<>(monitors);
        }

        /**
         * Sends webhooks until {@link #stopSending()}, at most one accepted failed report to each of these monitors.
         * A webhook that was not accepted is sent again to the same monitor, as a sender retries, so that a
         * long outage of crweb does not use up the monitors before it is back.
         */
        void startSending(List<Monitor> mine) {
            sending.set(true);
            sender.submit(() -> {
                for (Monitor monitor : mine) {
                    boolean accepted = false;
                    while (!accepted) {
                        if (!sending.get() || Thread.currentThread().isInterrupted()) {
                            return;
                        }
                        accepted = send(monitor);
                        // paced, not synchronising: about two webhooks a second, as a busy sender would call
                        java.util.concurrent.locks.LockSupport.parkNanos(
                                Duration.ofMillis(500).toNanos());
                    }
                }
            });
        }

        void stopSending() {
            sending.set(false);
        }

        /** The next {@code count} monitors not used before, each after one healthy report that crweb accepted. */
        List<Monitor> reportHealthy(int count) throws Exception {
            List<Monitor> next = new ArrayList<>(unused.subList(0, Math.min(count, unused.size())));
            unused.subList(0, next.size()).clear();
            try (ExecutorService senders = Executors.newFixedThreadPool(4)) {
                List<Future<Integer>> answers = next.stream()
                        .map(monitor -> senders.submit(
                                () -> client.send(request(monitor, "healthy"), HttpResponse.BodyHandlers.discarding())
                                        .statusCode()))
                        .toList();
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get()).as("answer to a healthy report").isEqualTo(202);
                }
            }
            return next;
        }

        private HttpRequest request(Monitor monitor, String status) {
            return HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/webhooks/generic/" + monitor.id()))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-CloudRoutes-Secret", monitor.secret())
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"status\":\"" + status + "\",\"reason\":\"chaos webhook " + monitor.id() + "\"}"))
                    .build();
        }

        /** Sends one webhook; true when crweb accepted it. */
        private boolean send(Monitor monitor) {
            sent.add(monitor.id());
            try {
                int status = client.send(request(monitor, "failed"), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status / 100 == 2) {
                    accepted.add(new Accepted(monitor.id(), System.currentTimeMillis()));
                    return true;
                }
                refused.merge(String.valueOf(status), 1, Integer::sum);
            } catch (IOException e) {
                refused.merge("no answer", 1, Integer::sum); // crweb is down: not accepted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        List<Accepted> accepted() {
            return accepted;
        }

        Map<String, Integer> refused() {
            return Map.copyOf(refused);
        }

        boolean sentTo(long monitorId) {
            return sent.contains(monitorId);
        }

        @Override
        public void close() {
            sending.set(false);
            sender.shutdownNow();
        }
    }
}
