package io.cloudroutes.crbridge.actioner;

import io.cloudroutes.bench.BenchmarkRedis;
import io.cloudroutes.bench.HotPathBenchmark;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the actioner's fold costs per result against a real Redis on loopback: the {@link StateFolder} of crbridge, on
 * a connection as crbridge's Redis user, folding steady HEALTHY results of {@value #RESULTS} monitors (no transition,
 * so no decision is recorded: the common case).
 * <ul>
 * <li>{@link #foldEachResultInTurn}: as {@link ResultProcessor} folded before it folded batches, one result after
 * another on one thread: HGET of the definition, then EVALSHA of {@code fold-result.lua}; two round trips per
 * result.</li>
 * <li>{@link #foldResultsPipelined}: the same {@value #RESULTS} results (one per monitor, so each monitor's results stay
 * ordered) folded at once on the same one connection: Lettuce pipelines the commands of concurrent callers, so the
 * HGETs and EVALSHAs of all results share round trips. The difference between the two is what the round trips cost.</li>
 * <li>{@link #foldResultsAsOneBatch}: the same {@value #RESULTS} results as {@link ResultProcessor#processBatch} folds
 * a batch the results stream delivered: the definitions in one pipelined round trip, then the folds in another, on
 * one thread.</li>
 * </ul>
 * Scores are per result.
 */
public class FoldBenchmark extends HotPathBenchmark {

    static final int RESULTS = 100;

    private BenchmarkRedis redis;
    private StateFolder folder;
    private ExecutorService callers;

    @Setup(Level.Trial)
    public void startRedisWithMonitors() {
        redis = new BenchmarkRedis();
        redis.writeMonitors(RESULTS, 60, false, 0);
        folder = new StateFolder(redis.connect(TestRedis.CRBRIDGE), redis.connect(TestRedis.CRBRIDGE));
        callers = Executors.newVirtualThreadPerTaskExecutor();
        // every monitor HEALTHY first, so that the measured folds are the steady kind
        for (long id = 1; id <= RESULTS; id++) {
            if (fold(id).filter(Fold::transitioned).isEmpty()) {
                throw new IllegalStateException("the first result of monitor " + id + " did not make it HEALTHY");
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopRedis() {
        callers.shutdownNow();
        folder.close();
        redis.close();
    }

    @Benchmark
    @OperationsPerInvocation(RESULTS)
    public int foldEachResultInTurn() {
        int folded = 0;
        for (long id = 1; id <= RESULTS; id++) {
            folded += fold(id).isPresent() ? 1 : 0;
        }
        return folded;
    }

    @Benchmark
    @OperationsPerInvocation(RESULTS)
    public int foldResultsPipelined() throws ExecutionException, InterruptedException {
        List<Future<Optional<Fold>>> folds = new ArrayList<>(RESULTS);
        for (long id = 1; id <= RESULTS; id++) {
            long monitorId = id;
            folds.add(callers.submit(() -> fold(monitorId)));
        }
        int folded = 0;
        for (Future<Optional<Fold>> fold : folds) {
            folded += fold.get().isPresent() ? 1 : 0;
        }
        return folded;
    }

    @Benchmark
    @OperationsPerInvocation(RESULTS)
    public int foldResultsAsOneBatch() {
        List<Long> monitorIds = new ArrayList<>(RESULTS);
        for (long id = 1; id <= RESULTS; id++) {
            monitorIds.add(id);
        }
        Map<Long, CompletableFuture<Optional<MonitorDefinition>>> definitions = folder.definitions(monitorIds);
        List<StateFolder.FoldCall> calls = new ArrayList<>(RESULTS);
        for (long monitorId : monitorIds) {
            MonitorDefinition definition = definitions
                    .get(monitorId)
                    .join()
                    .orElseThrow(() -> new IllegalStateException("monitor " + monitorId + " is not in Redis"));
            calls.add(StateFolder.foldCall(result(monitorId), definition));
        }
        int folded = 0;
        for (CompletableFuture<Optional<Fold>> fold : folder.foldAll(calls)) {
            folded += fold.join().isPresent() ? 1 : 0;
        }
        return folded;
    }

    /** One result through the fold path of {@link ResultProcessor#process}: the definition, then the fold. */
    private Optional<Fold> fold(long monitorId) {
        MonitorDefinition definition = folder.definition(monitorId)
                .orElseThrow(() -> new IllegalStateException("monitor " + monitorId + " is not in Redis"));
        return folder.fold(result(monitorId), definition);
    }

    private static CheckResult result(long monitorId) {
        return CheckResult.checked(
                ResultIds.newJob(),
                monitorId,
                MonitorDefinition.DEFAULT_ZONE,
                "bench-worker",
                Status.HEALTHY,
                "status 200",
                3,
                System.currentTimeMillis());
    }
}
