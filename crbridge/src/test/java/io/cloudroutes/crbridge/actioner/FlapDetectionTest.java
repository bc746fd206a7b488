package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flap damping, as the fold decides it ({@code fold-result.lua}): more than 5 status changes within 10 minutes make a
 * monitor flapping, and 10 quiet minutes make it stable again. Driven through {@link StateFolder} against a real Redis,
 * each result folded at an explicit time, so that the window is the test's to move. Each monitor has one zone whose
 * status turns on one result.
 */
class FlapDetectionTest {

    static final long MINUTE = 60_000L;
    static final long T0 = 1_800_000_000_000L;

    static FoldingRedis redis;
    static RedisCommands<String, String> commands;
    static StateFolder folder;
    static final AtomicLong MONITOR_IDS = new AtomicLong(5000);

    @BeforeAll
    static void start() {
        redis = new FoldingRedis(new FlapDamping(5, Duration.ofMinutes(10)));
        commands = redis.commands;
        folder = redis.folder;
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void sixChangesWithinTheWindowMakeAMonitorFlappingAndItsDecisionSaysSo() {
        MonitorDefinition monitor = monitor();
        assertThat(fold(monitor, Status.HEALTHY, T0).flapping()).isFalse();

        Fold fifth = flipTimes(monitor, 5, T0);
        assertThat(fifth.flapping()).as("5 changes are the limit, not past it").isFalse();
        assertThat(fifth.flapChanged()).isFalse();

        Fold sixth = fold(monitor, Status.HEALTHY, T0 + 6 * MINUTE);

        assertThat(sixth.transitioned()).isTrue();
        assertThat(sixth.flapping()).isTrue();
        assertThat(sixth.flapChanged())
                .as("the one fold a notice can be sent for")
                .isTrue();
        assertThat(lastDecision(monitor).flapping()).isTrue();
        assertThat(stateField(monitor, "flapping")).isEqualTo("1");

        Fold next = fold(monitor, Status.FAILED, T0 + 7 * MINUTE);
        assertThat(next.flapping()).isTrue();
        assertThat(next.flapChanged()).as("already flapping: said once").isFalse();
    }

    @Test
    void fiveChangesWithinTheWindowAreNotFlapping() {
        MonitorDefinition monitor = monitor();
        fold(monitor, Status.HEALTHY, T0);

        Fold fifth = flipTimes(monitor, 5, T0);

        assertThat(fifth.flapping()).isFalse();
        assertThat(lastDecision(monitor).flapping()).isFalse();
    }

    @Test
    void changesSpreadWiderThanTheWindowAreNotFlapping() {
        MonitorDefinition monitor = monitor();
        fold(monitor, Status.HEALTHY, T0);
        Fold last = null;
        for (int i = 1; i <= 12; i++) {
            last = fold(monitor, i % 2 == 1 ? Status.FAILED : Status.HEALTHY, T0 + i * 3 * MINUTE);
            assertThat(last.flapping()).as("change %d, 3 minutes apart", i).isFalse();
        }
    }

    @Test
    void aWholeQuietWindowMakesItStableAgainOnce() {
        MonitorDefinition monitor = monitor();
        fold(monitor, Status.HEALTHY, T0);
        flipTimes(monitor, 6, T0);
        long lastChange = T0 + 6 * MINUTE;
        // the sixth change left it HEALTHY; these agree with it
        assertThat(fold(monitor, Status.HEALTHY, lastChange + 9 * MINUTE).flapping())
                .as("9 quiet minutes are not enough")
                .isTrue();

        Fold quiet = fold(monitor, Status.HEALTHY, lastChange + 10 * MINUTE);

        assertThat(quiet.flapping()).isFalse();
        assertThat(quiet.flapChanged()).isTrue();
        assertThat(stateField(monitor, "flapping")).isEqualTo("0");
        Fold after = fold(monitor, Status.HEALTHY, lastChange + 11 * MINUTE);
        assertThat(after.flapChanged()).isFalse();
        assertThat(fold(monitor, Status.FAILED, lastChange + 12 * MINUTE).flapping())
                .as("one change after the quiet window starts counting anew")
                .isFalse();
    }

    @Test
    void aFlappingMonitorStaysFlappingWhileItKeepsChangingBelowTheLimit() {
        MonitorDefinition monitor = monitor();
        fold(monitor, Status.HEALTHY, T0);
        flipTimes(monitor, 6, T0);
        // one change every 4 minutes: at most 3 within 10 minutes, but never 10 quiet minutes
        long at = T0 + 6 * MINUTE;
        Status status = Status.HEALTHY;
        for (int i = 0; i < 5; i++) {
            at += 4 * MINUTE;
            status = status == Status.FAILED ? Status.HEALTHY : Status.FAILED;
            assertThat(fold(monitor, status, at).flapping()).isTrue();
        }
    }

    @Test
    void aRedeliveredResultCountsOnce() {
        MonitorDefinition monitor = monitor();
        fold(monitor, Status.HEALTHY, T0);
        for (int i = 1; i <= 6; i++) {
            CheckResult result = result(monitor, i % 2 == 1 ? Status.FAILED : Status.HEALTHY, T0 + i * MINUTE);
            Optional<Fold> first = foldAt(result, monitor, T0 + i * MINUTE);
            assertThat(first).isPresent();
            if (i < 6) {
                assertThat(foldAt(result, monitor, T0 + i * MINUTE + 1000))
                        .as("redelivered")
                        .isEmpty();
                assertThat(first.get().flapping()).isFalse();
            } else {
                assertThat(first.get().flapping()).isTrue();
            }
        }
    }

    @Test
    void aResultArrivingLateThatAgreesWithTheStatusIsNoChange() {
        MonitorDefinition monitor = monitor();
        fold(monitor, Status.HEALTHY, T0);
        flipTimes(monitor, 5, T0);
        // the fifth change left it FAILED; a result checked before it, folded only now, agrees with it
        Fold late = foldAt(result(monitor, Status.FAILED, T0 + MINUTE), monitor, T0 + 5 * MINUTE + 30_000)
                .orElseThrow();

        assertThat(late.transitioned()).isFalse();
        assertThat(late.flapping()).isFalse();
    }

    @Test
    void foldsAtTimesOutOfOrderCountEachChangeOnce() {
        MonitorDefinition monitor = monitor();
        fold(monitor, Status.HEALTHY, T0);
        long[] times = {T0 + 5 * MINUTE, T0 + MINUTE, T0 + 3 * MINUTE, T0 + 2 * MINUTE, T0 + 4 * MINUTE};
        Fold last = null;
        for (int i = 0; i < times.length; i++) {
            last = fold(monitor, i % 2 == 0 ? Status.FAILED : Status.HEALTHY, times[i]);
        }
        assertThat(last.flapping()).isFalse();
        assertThat(fold(monitor, Status.HEALTHY, T0 + 6 * MINUTE).flapping()).isTrue();
    }

    @Test
    void onlyTheLastChangesAreKept() {
        MonitorDefinition monitor = monitor();
        fold(monitor, Status.HEALTHY, T0);
        flipTimes(monitor, 40, T0);

        assertThat(stateField(monitor, "flapTransitions").split(",")).hasSize(6);
    }

    @Test
    void theFlagLivesInTheStateSoALostStateStartsNotFlapping() {
        MonitorDefinition monitor = monitor();
        fold(monitor, Status.HEALTHY, T0);
        assertThat(flipTimes(monitor, 6, T0).flapping()).isTrue();

        // Redis lost its data: the monitor's status comes back from PostgreSQL, its recent changes do not
        commands.del(RedisKeys.state(monitor.id()));
        CheckResult after = result(monitor, Status.FAILED, T0 + 7 * MINUTE);
        Fold restored = folder.foldAll(
                        List.of(StateFolder.foldCall(after, monitor, true).at(T0 + 7 * MINUTE)))
                .getFirst()
                .join()
                .orElseThrow();

        assertThat(restored.flapping()).isFalse();
    }

    @Test
    void aLiveFoldWithoutATimeUsesRedisClock() {
        MonitorDefinition monitor = monitor();
        CheckResult result = result(monitor, Status.HEALTHY, System.currentTimeMillis());

        Fold live = folder.fold(result, monitor).orElseThrow();

        assertThat(live.current()).isEqualTo(Status.HEALTHY);
        long at = Long.parseLong(stateField(monitor, RedisKeys.StateField.zone("eu", "at")));
        assertThat(at).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }

    /** Changes the monitor's status {@code times} times, a minute apart after {@code from}; returns the last fold. */
    private static Fold flipTimes(MonitorDefinition monitor, int times, long from) {
        Fold last = null;
        for (int i = 1; i <= times; i++) {
            last = fold(monitor, i % 2 == 1 ? Status.FAILED : Status.HEALTHY, from + i * MINUTE);
            assertThat(last.transitioned()).isTrue();
        }
        return last;
    }

    private static MonitorDefinition monitor() {
        return new MonitorDefinition(
                MONITOR_IDS.incrementAndGet(),
                1,
                "flaps",
                "http",
                Map.of(),
                60,
                5,
                1,
                1,
                true,
                List.of("eu"),
                Quorum.MAJORITY,
                null);
    }

    private static Fold fold(MonitorDefinition monitor, Status status, long at) {
        return foldAt(result(monitor, status, at), monitor, at).orElseThrow();
    }

    private static Optional<Fold> foldAt(CheckResult result, MonitorDefinition monitor, long now) {
        return folder.foldAll(List.of(StateFolder.foldCall(result, monitor).at(now)))
                .getFirst()
                .join();
    }

    private static CheckResult result(MonitorDefinition monitor, Status status, long checkedAt) {
        return new CheckResult(
                UUID.randomUUID().toString(),
                monitor.id(),
                status,
                status + " from eu",
                3,
                "eu",
                "worker-eu",
                checkedAt,
                false);
    }

    private static Decision lastDecision(MonitorDefinition monitor) {
        return commands.zrange(RedisKeys.DECISIONS_PENDING, 0, -1).stream()
                .map(json -> MessageCodec.fromJson(json, Decision.class))
                .filter(decision -> decision.monitorId() == monitor.id())
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    private static String stateField(MonitorDefinition monitor, String field) {
        return commands.hget(RedisKeys.state(monitor.id()), field);
    }
}
