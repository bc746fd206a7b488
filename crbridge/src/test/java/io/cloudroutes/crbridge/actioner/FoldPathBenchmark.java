package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the actioner's fold path costs per result, against a whole crbridge on real embedded PostgreSQL and Redis:
 * <ul>
 * <li>a fold that changes nothing (a HEALTHY monitor stays HEALTHY), straight through {@link ResultProcessor}, one
 * result at a time ({@link ResultProcessor#process}) and in batches of {@value #MONITORS} as the results stream's
 * reads deliver them ({@link ResultProcessor#processBatch});</li>
 * <li>a fold that makes a transition, which records its decision in the pending decisions in the same script;</li>
 * <li>the same steady results end to end through the results stream (XADD as crweb and the results socket append,
 * read by {@link ResultStream}, folded, acknowledged), against folding them directly;</li>
 * <li>the decisions of those transitions written to PostgreSQL by {@link DecisionLedger#drain()};</li>
 * <li>a HEALTHY result of a monitor that recovered and has no reaction: a count of an episode at which no trigger is
 * due, which the fold no longer records as a decision (it did for the first {@link Decision#MAX_TRIGGER} results of
 * an episode before the definitions carried their reactions' triggers), so nothing is left to drain.</li>
 * </ul>
 * The ledger's own loop is stopped so that the transitions' decisions wait and are drained in the measured step
 * alone; everything else of crbridge (stream, reaction jobs, heartbeat and zone watches, bridge) runs as deployed.
 * Rounds alternate the order of the measurements so that the machine's noise falls on all; the figures to compare
 * across runs are the ratios. crbridge logs to standard output as deployed (a line per transition); the figures go to
 * standard error, so that the command sends the log to a file and shows the figures.
 *
 * <p>Run: see docs/benchmarks.md.
 */
public final class FoldPathBenchmark {

    private static final int WARM_UP_ROUNDS = 2;
    private static final int ROUNDS = 7;
    private static final int MONITORS = 100;
    private static final int STEADY_RESULTS = 2_000;
    private static final int STREAMED_RESULTS = 2_000;
    private static final int TRANSITIONS = 1_000;
    private static final int COUNTED_RESULTS = 1_000;

    private final ResultProcessor processor;
    private final DecisionLedger ledger;
    private final RedisCommands<String, String> redis;
    private final RedisCommands<String, String> appender;
    private final Counter folded;
    private final List<Monitor> steady;
    private final List<Monitor> flapping;
    private final List<Monitor> recovered;
    private final Map<Long, Status> flappingStatus = new java.util.HashMap<>();

    @SuppressWarnings("unchecked")
    private FoldPathBenchmark(ConfigurableApplicationContext crbridge, RedisCommands<String, String> appender) {
        this.processor = crbridge.getBean(ResultProcessor.class);
        this.ledger = crbridge.getBean(DecisionLedger.class);
        this.redis = crbridge.getBean(StatefulRedisConnection.class).sync();
        this.appender = appender;
        this.folded =
                crbridge.getBean(MeterRegistry.class).counter("cloudroutes.actioner.results", "outcome", "folded");
        UserAccountRepository users = crbridge.getBean(UserAccountRepository.class);
        UserAccount owner = users.save(new UserAccount("bench-" + UUID.randomUUID() + "@example.com", "x"));
        ActionerFixtures fixtures = new ActionerFixtures(
                owner,
                crbridge.getBean(TeamRepository.class).personalTeamIdOf(owner.getId()),
                crbridge.getBean(MonitorRepository.class),
                crbridge.getBean(ReactionConfigRepository.class),
                crbridge.getBean(OutboxRepository.class),
                redis);
        this.steady = monitors(fixtures, "steady");
        this.flapping = monitors(fixtures, "flapping");
        this.recovered = monitors(fixtures, "recovered");
    }

    public static void main(String[] args) throws Exception {
        // the servers stop when the benchmark's JVM exits
        ActionerInfrastructure infrastructure = ActionerInfrastructure.start((name, value) -> {});
        try (ConfigurableApplicationContext crbridge = infrastructure.anotherActioner();
                RedisClient client =
                        RedisClient.create(crbridge.getEnvironment().getProperty("cloudroutes.redis.url"));
                StatefulRedisConnection<String, String> appending = client.connect()) {
            new FoldPathBenchmark(crbridge, appending.sync()).run();
        }
    }

    private void run() {
        ledger.stop(); // its decisions are drained in the measured step, not behind the folds' backs
        // every steady monitor HEALTHY, and the decisions of those first results out of the way
        steady.forEach(monitor -> processor.process(result(monitor, Status.HEALTHY)));
        // every recovered monitor failed and recovered: its HEALTHY results are counted in a recovery episode
        recovered.forEach(monitor -> processor.process(result(monitor, Status.FAILED)));
        recovered.forEach(monitor -> processor.process(result(monitor, Status.HEALTHY)));
        drainAll();
        long[] steadyNanos = new long[ROUNDS];
        long[] batchNanos = new long[ROUNDS];
        long[] transitionNanos = new long[ROUNDS];
        long[] streamNanos = new long[ROUNDS];
        long[] drainNanos = new long[ROUNDS];
        long[] countedNanos = new long[ROUNDS];
        for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
            long steadyTime;
            long streamTime;
            long batchTime;
            if ((round & 1) == 0) {
                steadyTime = timed(this::foldSteady);
                batchTime = timed(this::foldSteadyInBatches);
                streamTime = timed(this::streamSteady);
            } else {
                streamTime = timed(this::streamSteady);
                batchTime = timed(this::foldSteadyInBatches);
                steadyTime = timed(this::foldSteady);
            }
            long transitionTime = timed(this::foldTransitions);
            long drainTime = timed(() -> drainExpecting(TRANSITIONS));
            long countedTime = timed(this::foldCounted);
            drainExpecting(0); // no reaction is due at these counts: no decision was recorded
            if (round >= 0) {
                steadyNanos[round] = steadyTime / STEADY_RESULTS;
                batchNanos[round] = batchTime / STEADY_RESULTS;
                streamNanos[round] = streamTime / STREAMED_RESULTS;
                transitionNanos[round] = transitionTime / TRANSITIONS;
                drainNanos[round] = drainTime / TRANSITIONS;
                countedNanos[round] = countedTime / COUNTED_RESULTS;
            }
        }
        double steadyMicros = median(steadyNanos) / 1_000.0;
        double batchMicros = median(batchNanos) / 1_000.0;
        double transitionMicros = median(transitionNanos) / 1_000.0;
        double streamMicros = median(streamNanos) / 1_000.0;
        double drainMicros = median(drainNanos) / 1_000.0;
        double countedMicros = median(countedNanos) / 1_000.0;
        System.err.printf("fold path, median of %d rounds, %d monitors of each kind, per result:%n", ROUNDS, MONITORS);
        line("(a) fold, no change (steady HEALTHY)", steadyMicros, "folds");
        line("(g) fold, no change, in batches of " + MONITORS, batchMicros, "folds");
        line("(b) fold, transition (decision recorded)", transitionMicros, "folds");
        line("(c) stream: XADD, read, fold, XACK", streamMicros, "results");
        line("(d) transition drained into PostgreSQL", drainMicros, "decisions");
        line("(e) fold, HEALTHY after recovery (count)", countedMicros, "folds");
        System.err.printf("  ratio transition/steady fold     %8.2f%n", transitionMicros / steadyMicros);
        System.err.printf("  ratio batch/one at a time        %8.2f%n", batchMicros / steadyMicros);
        System.err.printf("  ratio stream/direct (steady)     %8.2f%n", streamMicros / steadyMicros);
        System.err.printf("  ratio drain/transition fold      %8.2f%n", drainMicros / transitionMicros);
        System.err.printf("  ratio counted/steady fold        %8.2f%n", countedMicros / steadyMicros);
    }

    private static void line(String what, double micros, String unit) {
        System.err.printf("  %-42s %8.1f µs  %8.0f %s/s%n", what, micros, 1_000_000 / micros, unit);
    }

    private void foldSteady() {
        for (int i = 0; i < STEADY_RESULTS; i++) {
            processor.process(result(steady.get(i % MONITORS), Status.HEALTHY));
        }
    }

    /** The same steady results as {@link #foldSteady}, a batch of one result of each monitor at a time. */
    private void foldSteadyInBatches() {
        for (int i = 0; i < STEADY_RESULTS; i += MONITORS) {
            List<CheckResult> batch = steady.stream()
                    .map(monitor -> result(monitor, Status.HEALTHY))
                    .toList();
            if (!processor.processBatch(batch).isEmpty()) {
                throw new IllegalStateException("a steady result was left for later");
            }
        }
    }

    /** Each result turns its monitor over: FAILED, then HEALTHY (a recovery), then FAILED again. */
    private void foldTransitions() {
        for (int i = 0; i < TRANSITIONS; i++) {
            Monitor monitor = flapping.get(i % MONITORS);
            Status next = flappingStatus.getOrDefault(monitor.getId(), Status.HEALTHY) == Status.HEALTHY
                    ? Status.FAILED
                    : Status.HEALTHY;
            flappingStatus.put(monitor.getId(), next);
            processor.process(result(monitor, next));
        }
    }

    private void foldCounted() {
        for (int i = 0; i < COUNTED_RESULTS; i++) {
            processor.process(result(recovered.get(i % MONITORS), Status.HEALTHY));
        }
    }

    /**
     * Appends the results as crweb does and waits until the actioner folded and acknowledged every one: the stream's
     * throughput with its reader working beside the appender, as in a deployment.
     */
    private void streamSteady() {
        List<String> entries = new ArrayList<>(STREAMED_RESULTS);
        for (int i = 0; i < STREAMED_RESULTS; i++) {
            entries.add(MessageCodec.toJson(result(steady.get(i % MONITORS), Status.HEALTHY)));
        }
        double target = folded.count() + STREAMED_RESULTS;
        for (String json : entries) {
            appender.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, json));
        }
        waitUntil(() -> folded.count() >= target ? 1 : 0);
        waitUntil(() -> appender.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                                .getCount()
                        == 0
                ? 1
                : 0);
    }

    private void drainExpecting(int decisions) {
        int written = drainAll();
        if (written != decisions) {
            throw new IllegalStateException("expected " + decisions + " decisions, drained " + written);
        }
    }

    /** Drains the pending decisions as the ledger's loop does; returns how many were written. */
    private int drainAll() {
        int written = 0;
        while (redis.zcard(RedisKeys.DECISIONS_PENDING) > 0) {
            written += ledger.drain();
        }
        return written;
    }

    private static List<Monitor> monitors(ActionerFixtures fixtures, String kind) {
        List<Monitor> saved = new ArrayList<>();
        for (int i = 0; i < MONITORS; i++) {
            saved.add(fixtures.saved(kind + "-" + i));
        }
        // the bridge writes them to Redis from the outbox
        saved.forEach(monitor -> waitUntil(() -> fixtures.redis().exists(RedisKeys.monitor(monitor.getId()))));
        return saved;
    }

    private static CheckResult result(Monitor monitor, Status status) {
        return CheckResult.pushed(
                "webhook",
                monitor.getId(),
                ResultIds.newDelivery(),
                status,
                "reported " + status,
                System.currentTimeMillis());
    }

    private static long timed(Runnable step) {
        long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }

    /** Spins (briefly parked) until the condition is non-zero; a result not handled in a minute fails the run. */
    private static void waitUntil(LongSupplier condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (condition.getAsLong() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the actioner did not get there within a minute");
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
