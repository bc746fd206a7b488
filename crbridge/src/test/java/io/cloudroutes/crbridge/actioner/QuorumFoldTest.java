package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.redis.RedisKeys;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The quorum, as the fold applies it: {@code fold-result.lua} is the one place the zones' statuses combine into a
 * monitor's (docs/monitoring-semantics.md, "Zones and quorum"). Driven through {@link StateFolder}, which runs the
 * script, against a real Redis as crbridge's Redis user, for each quorum with voting and non-voting zones. Every zone
 * of these monitors turns on one result (thresholds 1) and votes for three intervals (3 minutes).
 */
class QuorumFoldTest {

    static FoldingRedis redis;
    static RedisCommands<String, String> commands;
    static StateFolder folder;
    static final AtomicLong MONITOR_IDS = new AtomicLong(1000);

    @BeforeAll
    static void start() {
        redis = new FoldingRedis(FlapDamping.DEFAULT);
        commands = redis.commands;
        folder = redis.folder;
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @ParameterizedTest(name = "{0} with {1} healthy and {2} failed voting zones: {3}")
    @CsvSource({
        "ANY_HEALTHY, 1, 2, HEALTHY",
        "ANY_HEALTHY, 0, 3, FAILED",
        "MAJORITY, 1, 2, FAILED",
        "MAJORITY, 1, 1, HEALTHY",
        "MAJORITY, 2, 1, HEALTHY",
        "ALL_HEALTHY, 2, 1, FAILED",
        "ALL_HEALTHY, 3, 0, HEALTHY"
    })
    void theVotingZonesCombineUnderTheQuorum(Quorum quorum, int healthy, int failed, Status expected) {
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < healthy + failed; i++) {
            zones.add("zone-" + i);
        }
        MonitorDefinition monitor = monitor(quorum, zones);
        Fold last = null;
        for (int i = 0; i < zones.size(); i++) {
            last = fold(monitor, zones.get(i), i < healthy ? Status.HEALTHY : Status.FAILED, true);
        }

        assertThat(last.current()).isEqualTo(expected);
        assertThat(status(monitor)).isEqualTo(expected);
    }

    @Test
    void anyHealthyLeavesOutAZoneThatFellSilent() {
        MonitorDefinition monitor = monitor(Quorum.ANY_HEALTHY, List.of("eu", "us"));
        fold(monitor, "eu", Status.FAILED, true);
        assertThat(fold(monitor, "us", Status.HEALTHY, true).current()).isEqualTo(Status.HEALTHY);

        silence(monitor, "us");

        assertThat(fold(monitor, "eu", Status.FAILED, true).current())
                .as("us no longer votes: eu alone decides")
                .isEqualTo(Status.FAILED);
    }

    @Test
    void majorityLeavesOutZonesThatFellSilentOrDoNotVote() {
        MonitorDefinition monitor = monitor(Quorum.MAJORITY, List.of("eu", "us", "ap"));
        fold(monitor, "eu", Status.HEALTHY, true);
        fold(monitor, "us", Status.FAILED, true);
        assertThat(fold(monitor, "ap", Status.FAILED, true).current()).isEqualTo(Status.FAILED);

        silence(monitor, "us");
        assertThat(fold(monitor, "ap", Status.FAILED, false).current())
                .as("us silent and ap not voting (it cannot reach its canary): eu alone decides")
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void allHealthyLeavesOutAZoneThatDoesNotVote() {
        MonitorDefinition monitor = monitor(Quorum.ALL_HEALTHY, List.of("eu", "us"));
        fold(monitor, "eu", Status.HEALTHY, true);
        assertThat(fold(monitor, "us", Status.FAILED, true).current()).isEqualTo(Status.FAILED);

        assertThat(fold(monitor, "us", Status.FAILED, false).current())
                .as("us does not vote: eu alone decides")
                .isEqualTo(Status.HEALTHY);
    }

    @ParameterizedTest
    @EnumSource(Quorum.class)
    void whileNoZoneVotesTheMonitorKeepsThePreviousStatus(Quorum quorum) {
        for (Status previous : List.of(Status.FAILED, Status.HEALTHY)) {
            MonitorDefinition monitor = monitor(quorum, List.of("eu", "us"));
            fold(monitor, "eu", previous, true);
            assertThat(fold(monitor, "us", previous, true).current()).isEqualTo(previous);
            silence(monitor, "eu");
            silence(monitor, "us");

            Status other = previous == Status.FAILED ? Status.HEALTHY : Status.FAILED;
            Fold unvoted = fold(monitor, "us", other, false);

            assertThat(unvoted.current()).as("%s, was %s", quorum, previous).isEqualTo(previous);
            assertThat(unvoted.transitioned()).isFalse();
            assertThat(status(monitor)).isEqualTo(previous);
        }
    }

    @ParameterizedTest
    @EnumSource(Quorum.class)
    void aNewMonitorWhoseFirstResultDoesNotVoteStaysUnknown(Quorum quorum) {
        MonitorDefinition monitor = monitor(quorum, List.of("eu", "us"));

        Fold unvoted = fold(monitor, "eu", Status.FAILED, false);

        assertThat(unvoted.current()).isEqualTo(Status.UNKNOWN);
        assertThat(unvoted.transitioned()).isFalse();
    }

    /** A monitor checked from these zones under the quorum, its zones turning on one result each. */
    private static MonitorDefinition monitor(Quorum quorum, List<String> zones) {
        return new MonitorDefinition(
                MONITOR_IDS.incrementAndGet(), 1, "quorum", "http", Map.of(), 60, 5, 1, 1, true, zones, quorum, null);
    }

    /** Folds one result of the zone, {@code voting} or not (its zone cannot reach its canary); returns the fold. */
    private static Fold fold(MonitorDefinition monitor, String zone, Status status, boolean voting) {
        CheckResult result = new CheckResult(
                UUID.randomUUID().toString(),
                monitor.id(),
                status,
                status + " from " + zone,
                3,
                zone,
                "worker-" + zone,
                System.currentTimeMillis(),
                !voting);
        return folder.fold(result, monitor).orElseThrow();
    }

    /** The zone's last result is older than the vote window by Redis' clock: it no longer votes. */
    private static void silence(MonitorDefinition monitor, String zone) {
        commands.hset(RedisKeys.state(monitor.id()), RedisKeys.StateField.zone(zone, "at"), "0");
    }

    private static Status status(MonitorDefinition monitor) {
        return Status.valueOf(commands.hget(RedisKeys.state(monitor.id()), RedisKeys.StateField.STATUS));
    }
}
