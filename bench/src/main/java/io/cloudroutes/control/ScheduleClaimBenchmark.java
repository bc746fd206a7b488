package io.cloudroutes.control;

import io.cloudroutes.bench.BenchmarkRedis;
import io.cloudroutes.bench.HotPathBenchmark;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.TestRedis;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one poll of the control costs in Redis: {@link Schedule#claim} of a batch of due monitors ({@code claim-due.lua}
 * moves each to its next slot and returns its definition), and with it {@link Schedule#definitions} (decoding the
 * definitions the control makes the jobs from), on a connection as the control's Redis user, with {@code monitors} monitors in the schedule, all due.
 * After each claim the claimed monitors are put back as due at their old time ({@link Schedule#dueAgain}, outside the
 * measurement), so every claim finds a full batch. Scores are per claimed batch of {@value #BATCH}.
 */
public class ScheduleClaimBenchmark extends HotPathBenchmark {

    /** The control's default batch (CLOUDROUTES_CONTROL_BATCH_SIZE). */
    static final int BATCH = 500;

    @Param({"10000", "100000"})
    public int monitors;

    private BenchmarkRedis redis;
    private Schedule schedule;
    private List<DueMonitor> claimed = List.of();

    @Setup(Level.Trial)
    public void startRedisWithDueMonitors() {
        redis = new BenchmarkRedis();
        // due long ago: whichever monitors a claim takes, dueAgain puts them back as due
        redis.writeMonitors(monitors, 60, true, 1);
        schedule = new Schedule(redis.connect(TestRedis.CONTROL));
    }

    @TearDown(Level.Invocation)
    public void putClaimedBackAsDue() throws ExecutionException, InterruptedException, TimeoutException {
        if (claimed.size() != BATCH) {
            throw new IllegalStateException(
                    "claimed " + claimed.size() + " monitors, expected a full batch of " + BATCH);
        }
        schedule.dueAgain(claimed);
    }

    @TearDown(Level.Trial)
    public void stopRedis() {
        redis.close();
    }

    @Benchmark
    public List<DueMonitor> claimDueBatch() throws ExecutionException, InterruptedException, TimeoutException {
        claimed = schedule.claim(BATCH);
        return claimed;
    }

    @Benchmark
    public Map<Long, MonitorDefinition> claimDueBatchAndReadDefinitions()
            throws ExecutionException, InterruptedException, TimeoutException {
        claimed = schedule.claim(BATCH);
        return schedule.definitions(claimed);
    }
}
