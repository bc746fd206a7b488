package io.cloudroutes.crbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.cloudroutes.core.CallOn;
import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.egress.Egress;
import io.cloudroutes.core.egress.EgressRefusedException;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisTime;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.core.zmq.ZmqSecurity;
import io.cloudroutes.crbridge.actioner.ActionerInfrastructure;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.MonitorEvent;
import io.cloudroutes.store.history.MonitorEventRepository;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxEntry;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Limit;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** crbridge against real PostgreSQL, Redis and SMTP, fed results through a real ZeroMQ socket as a worker would. */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.config.name=crbridge",
            "logging.level.io.cloudroutes=DEBUG",
            "cloudroutes.public-url=https://cr.example.com"
        })
@DirtiesContext
class ActionerAndBridgeTest {

    @Autowired
    TeamRepository teamRepository;

    @RegisterExtension
    static GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static ActionerInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = ActionerInfrastructure.start(registry);
        registry.add("cloudroutes.smtp.host", () -> "127.0.0.1");
        registry.add("cloudroutes.smtp.port", () -> smtp.getSmtp().getPort());
    }

    @AfterAll
    static void closeWorkerSockets() {
        zmq.close();
    }

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    MonitorEventRepository events;

    @Autowired
    ReactionRunRepository runs;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    // One worker socket for the whole class, as a real worker keeps one connection for its lifetime.
    static final ZContext zmq = new ZContext();
    static ZMQ.Socket worker;
    RedisCommands<String, String> redis;
    UserAccount owner;

    @BeforeEach
    void connectAsAWorker() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        redis = connection.sync();
        if (worker == null) {
            worker = pushToResults(TestPlane.worker());
        }
        owner = users.save(new UserAccount("owner-" + UUID.randomUUID() + "@example.com", "x"));
    }

    private Monitor monitor(String name, ReactionConfig... attached) {
        Monitor monitor = new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), name, "tcp");
        monitor.setSettings(Map.of("host", "127.0.0.1", "port", "1"));
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setReactions(Set.of(attached));
        monitor = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(monitor.getId()));
        long id = monitor.getId();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(RedisKeys.monitor(id)) == 1);
        return monitor;
    }

    private ReactionConfig email(String name, CallOn callOn, int trigger, int frequency) {
        ReactionConfig reaction =
                new ReactionConfig(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), name, "email");
        reaction.setSettings(Map.of("to", "oncall@example.com"));
        reaction.setCallOn(callOn);
        reaction.setTriggerCount(trigger);
        reaction.setFrequencySeconds(frequency);
        return reactions.save(reaction);
    }

    /** A DEALER socket in a worker's place, with the given keys (null: no CURVE at all). */
    private static ZMQ.Socket pushToResults(ZmqSecurity keys) {
        ZMQ.Socket push = zmq.createSocket(SocketType.DEALER);
        push.setImmediate(false);
        push.setLinger(0);
        if (keys != null) {
            new PlaneSockets(zmq, keys).connectTo(push, TestPlane.ACTIONER.publicKey());
        }
        push.connect(infrastructure.resultsEndpoint());
        return push;
    }

    @Test
    void aPeerWithoutAnAdmittedKeyCannotPushAResultThatIsFolded(@Autowired MeterRegistry meters) {
        Monitor monitor = monitor("forged");
        sendAndWait(monitor, Status.HEALTHY, "HTTP 200");
        double refusedBefore = refusedResultsPeers(meters);

        for (ZMQ.Socket forger : List.of(pushToResults(TestPlane.stranger()), pushToResults(null))) {
            for (int i = 0; i < 3; i++) {
                forger.send(MessageCodec.toBytes(CheckResult.checked(
                        ResultIds.newJob(),
                        monitor.getId(),
                        "default",
                        "forger",
                        Status.FAILED,
                        "forged",
                        3,
                        System.currentTimeMillis())));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> refusedResultsPeers(meters) >= refusedBefore + 2);

        // the admitted worker's next result is folded; none of the forged ones ever was
        sendAndWait(monitor, Status.HEALTHY, "HTTP 200");
        assertThat(foldedCount(monitor)).isEqualTo(2);
        assertThat(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("HEALTHY");
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY");
    }

    private static double refusedResultsPeers(MeterRegistry meters) {
        return meters.get("cloudroutes.zmq.peers.refused")
                .tag("socket", "results")
                .functionCounter()
                .count();
    }

    private int foldedCount(Monitor monitor) {
        return redis.llen(RedisKeys.recent(monitor.getId())).intValue();
    }

    /**
     * Sends one result and waits until it is folded and its decision recorded. A socket that has just connected may not have its TCP session yet,
     * so the same result is sent again until it arrives, as at-least-once delivery would; the actioner's
     * de-duplication by result id makes that safe, and the test checks it counted once.
     */
    private void sendAndWait(Monitor monitor, Status status, String reason) {
        sendAndWait(monitor, status, reason, "default");
    }

    private void sendAndWait(Monitor monitor, Status status, String reason, String zone) {
        sendAndWait(monitor, status, reason, zone, false);
    }

    private void sendAndWait(Monitor monitor, Status status, String reason, String zone, boolean abstaining) {
        int before = foldedCount(monitor);
        String jobId = ResultIds.newJob();
        long now = System.currentTimeMillis();
        byte[] result = MessageCodec.toBytes(
                abstaining
                        ? CheckResult.abstained(jobId, monitor.getId(), zone, "worker-" + zone, status, reason, 3, now)
                        : CheckResult.checked(jobId, monitor.getId(), zone, "worker-" + zone, status, reason, 3, now));
        await().atMost(Duration.ofSeconds(10))
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (foldedCount(monitor) == before) {
                        worker.send(result);
                    }
                    return foldedCount(monitor) > before;
                });
        assertThat(foldedCount(monitor)).isEqualTo(before + 1);
        // and the decision it made is in PostgreSQL (the ledger writes it from Redis after the fold)
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.zcard(RedisKeys.DECISIONS_PENDING) == 0);
    }

    private List<String> transitions(Monitor monitor) {
        return events.findByMonitorIdOrderByOccurredAtDescIdDesc(monitor.getId(), Limit.of(50)).reversed().stream()
                .map(e -> e.getFromStatus() + "->" + e.getToStatus())
                .toList();
    }

    /**
     * Waits until the monitor's recorded transitions are these. A result's event is written after its fold, so a test
     * that saw the fold waits for the event it asserts; a later result's fold means every earlier result is done with
     * (one thread handles a socket's results in order), so only the last result's event can still be on its way.
     */
    private void awaitTransitions(Monitor monitor, String... expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> transitions(monitor), t -> t.equals(List.of(expected)));
    }

    private List<ReactionOutcome> outcomes(Monitor monitor, ReactionConfig reaction) {
        return runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId()).stream()
                .map(ReactionRun::getOutcome)
                .toList();
    }

    @Test
    void theActionersEgressGuardRefusesItsOwnRedisAndDatabaseWhereLoopbackIsAllowed(@Autowired Egress egress)
            throws UnknownHostException {
        int redisPort = infrastructure.redisPort();
        int databasePort = infrastructure.databasePort();

        assertThatThrownBy(() -> egress.resolve("127.0.0.1", redisPort))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessage("127.0.0.1:" + redisPort + " refused by the egress policy (CloudRoutes' own Redis);"
                        + " CloudRoutes' own endpoints are never allowed");
        assertThatThrownBy(() -> egress.resolve("localhost", databasePort))
                .isInstanceOf(EgressRefusedException.class)
                .hasMessageContaining("(CloudRoutes' own PostgreSQL)");
        assertThat(egress.resolve("127.0.0.1", 1)).isNotEmpty();
    }

    @Test
    void anOutboxEntryReachesRedisAndADeleteRemovesIt() {
        Monitor monitor = monitor("api");
        MonitorDefinition definition = MessageCodec.fromJson(
                redis.hget(RedisKeys.monitor(monitor.getId()), RedisKeys.MONITOR_DEFINITION_FIELD),
                MonitorDefinition.class);
        assertThat(definition.name()).isEqualTo("api");
        assertThat(definition.intervalSeconds()).isEqualTo(60);
        assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(monitor.getId())))
                .isNotNull();

        monitors.delete(monitor);
        outbox.save(OutboxEntry.delete(monitor.getId()));
        // the delete removes the monitor's keys and then its place in the schedule, two commands: wait for both
        await().atMost(Duration.ofSeconds(5))
                .until(() -> redis.exists(RedisKeys.monitor(monitor.getId())) == 0
                        && redis.zscore(RedisKeys.SCHEDULE, String.valueOf(monitor.getId())) == null);
        // applied entries are deleted in the transaction that applied them, which commits after the Redis writes
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.count() == 0);
    }

    @Test
    void entriesCommittedTogetherAreAppliedAsTheLastEntryOfEachMonitorSays() {
        Monitor renamed = monitor("before");
        Monitor deleted = monitor("deleted");
        Monitor paused = monitor("paused");
        Monitor fresh = new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "fresh", "tcp");
        fresh.setSettings(Map.of("host", "127.0.0.1", "port", "1"));
        fresh.setIntervalSeconds(30);
        fresh.setTimeoutSeconds(5);
        fresh = monitors.save(fresh);
        renamed.setName("after");
        monitors.save(renamed);
        paused.setEnabled(false);
        monitors.save(paused);
        monitors.delete(deleted);
        // one commit: the bridge finds them in one batch, one monitor named several times
        outbox.saveAll(List.of(
                OutboxEntry.upsert(renamed.getId()),
                OutboxEntry.upsert(deleted.getId()),
                OutboxEntry.upsert(fresh.getId()),
                OutboxEntry.upsert(renamed.getId()),
                OutboxEntry.delete(deleted.getId()),
                OutboxEntry.upsert(paused.getId())));

        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.count() == 0);
        assertThat(MessageCodec.fromJson(
                                redis.hget(RedisKeys.monitor(renamed.getId()), RedisKeys.MONITOR_DEFINITION_FIELD),
                                MonitorDefinition.class)
                        .name())
                .isEqualTo("after");
        assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(renamed.getId())))
                .isNotNull();
        assertThat(redis.exists(RedisKeys.monitor(deleted.getId()))).isZero();
        assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(deleted.getId())))
                .isNull();
        assertThat(redis.hget(RedisKeys.monitor(fresh.getId()), RedisKeys.MONITOR_INTERVAL_FIELD))
                .isEqualTo("30");
        assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(fresh.getId())))
                .as("a new monitor is due at once")
                .isLessThanOrEqualTo((double) RedisTime.of(redis.time()).toEpochMilli());
        assertThat(MessageCodec.fromJson(
                                redis.hget(RedisKeys.monitor(paused.getId()), RedisKeys.MONITOR_DEFINITION_FIELD),
                                MonitorDefinition.class)
                        .enabled())
                .isFalse();
        assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(paused.getId())))
                .isNull();
    }

    @Test
    void aRebuildRestoresLostRedisDataAndRemovesOrphans(
            @Autowired io.cloudroutes.crbridge.bridge.RebuildAccess rebuild) {
        Monitor monitor = monitor("restored");
        // Redis loses its data (done as the operator: crbridge's own user may not flush)
        infrastructure.flushRedis();
        redis.hset(RedisKeys.monitor(999_999), Map.of(RedisKeys.MONITOR_INTERVAL_FIELD, "60"));
        redis.zadd(RedisKeys.SCHEDULE, 1, "999999");

        rebuild.run();

        assertThat(redis.exists(RedisKeys.monitor(monitor.getId()))).isEqualTo(1);
        assertThat(redis.zscore(RedisKeys.SCHEDULE, String.valueOf(monitor.getId())))
                .isNotNull();
        assertThat(redis.exists(RedisKeys.monitor(999_999))).isZero();
        assertThat(redis.zscore(RedisKeys.SCHEDULE, "999999")).isNull();
    }

    @Test
    void transitionsAreCountedByTheStatusLeftAndTheStatusEntered(@Autowired MeterRegistry meters) {
        Monitor monitor = monitor("counted");
        double failuresBefore = transitionsCounted(meters, "HEALTHY", "FAILED");
        double recoveriesBefore = transitionsCounted(meters, "FAILED", "HEALTHY");

        sendAndWait(monitor, Status.HEALTHY, "HTTP 200");
        sendAndWait(monitor, Status.FAILED, "HTTP 503");
        sendAndWait(monitor, Status.FAILED, "HTTP 503");

        assertThat(transitionsCounted(meters, "HEALTHY", "FAILED")).isEqualTo(failuresBefore + 1);
        assertThat(transitionsCounted(meters, "FAILED", "HEALTHY")).isEqualTo(recoveriesBefore);
        sendAndWait(monitor, Status.HEALTHY, "HTTP 200");
        sendAndWait(monitor, Status.HEALTHY, "HTTP 200");
        assertThat(transitionsCounted(meters, "FAILED", "HEALTHY")).isEqualTo(recoveriesBefore + 1);
    }

    private static double transitionsCounted(MeterRegistry meters, String from, String to) {
        var counter = meters.find("cloudroutes.actioner.transitions")
                .tag("from", from)
                .tag("to", to)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void twoConsecutiveFailuresMakeOneFailedTransitionAndOneEmail() throws Exception {
        ReactionConfig page = email("page", CallOn.FAILED, 1, 0);
        Monitor monitor = monitor("checkout", page);

        sendAndWait(monitor, Status.HEALTHY, "HTTP 200");
        sendAndWait(monitor, Status.FAILED, "connection refused to 10.0.0.1:80");
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY");
        sendAndWait(monitor, Status.FAILED, "connection refused to 10.0.0.1:80");
        sendAndWait(monitor, Status.FAILED, "connection refused to 10.0.0.1:80");

        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outcomes(monitor, page).size() == 1);
        assertThat(outcomes(monitor, page)).containsExactly(ReactionOutcome.EXECUTED);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[CloudRoutes] checkout is FAILED");
        assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]))
                .contains("connection refused to 10.0.0.1:80")
                .contains("https://cr.example.com/monitors/" + monitor.getId());
        assertThat(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("FAILED");
    }

    private Monitor zonedMonitor(String name, Quorum quorum) {
        Monitor monitor = new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), name, "tcp");
        monitor.setSettings(Map.of("host", "127.0.0.1", "port", "1"));
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(5);
        monitor.setZones(List.of("eu", "us", "ap"));
        monitor.setQuorum(quorum);
        monitor = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(monitor.getId()));
        long id = monitor.getId();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(RedisKeys.monitor(id)) == 1);
        return monitor;
    }

    /** All three zones healthy, then zones fail one by one (each twice, its threshold); returns the transitions. */
    private List<String> failZoneByZone(Monitor monitor) {
        for (String zone : List.of("eu", "us", "ap")) {
            sendAndWait(monitor, Status.HEALTHY, "up", zone);
        }
        List<String> afterEachZone = new java.util.ArrayList<>();
        for (String zone : List.of("eu", "us", "ap")) {
            sendAndWait(monitor, Status.FAILED, "down from " + zone, zone);
            sendAndWait(monitor, Status.FAILED, "down from " + zone, zone);
            afterEachZone.add(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS));
        }
        return afterEachZone;
    }

    @Test
    void theQuorumDecidesWhenFailingZonesMakeTheMonitorFailed() {
        assertThat(failZoneByZone(zonedMonitor("majority", Quorum.MAJORITY)))
                .containsExactly("HEALTHY", "FAILED", "FAILED");
        assertThat(failZoneByZone(zonedMonitor("any", Quorum.ANY_HEALTHY)))
                .containsExactly("HEALTHY", "HEALTHY", "FAILED");
        Monitor eager = zonedMonitor("all", Quorum.ALL_HEALTHY);
        assertThat(failZoneByZone(eager)).containsExactly("FAILED", "FAILED", "FAILED");
        assertThat(transitions(eager)).containsExactly("UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        assertThat(redis.hget(RedisKeys.state(eager.getId()), RedisKeys.StateField.zone("us", "status")))
                .isEqualTo("FAILED");
    }

    @Test
    void aZoneThatCannotReachItsCanaryDoesNotVote() {
        Monitor monitor = zonedMonitor("canary", Quorum.MAJORITY);
        for (String zone : List.of("eu", "us", "ap")) {
            sendAndWait(monitor, Status.HEALTHY, "up", zone);
        }
        for (int i = 0; i < 2; i++) {
            sendAndWait(monitor, Status.FAILED, "down", "eu");
            sendAndWait(monitor, Status.FAILED, "no route to host", "us", true);
        }
        // eu failed, us abstains, ap healthy: one of two voting zones is a tie, so HEALTHY (2 of 3 would fail it)
        String state = RedisKeys.state(monitor.getId());
        assertThat(redis.hget(state, RedisKeys.StateField.STATUS)).isEqualTo("HEALTHY");
        assertThat(redis.hget(state, RedisKeys.StateField.zone("us", "abstain")))
                .isEqualTo("1");
        assertThat(redis.hget(state, RedisKeys.StateField.zone("us", "reason"))).startsWith("not voting");
        assertThat(transitions(monitor)).containsExactly("UNKNOWN->HEALTHY");

        sendAndWait(monitor, Status.FAILED, "down", "us");
        sendAndWait(monitor, Status.FAILED, "down", "us");
        assertThat(redis.hget(state, RedisKeys.StateField.STATUS)).isEqualTo("FAILED");
    }

    @Test
    void aMonitorHeldByHandShowsTheHeldStatusAndFollowsItsChecksWhenReleased() {
        ReactionConfig failover = email("manual failover", CallOn.FAILED, 1, 0);
        Monitor monitor = monitor("held", failover);
        sendAndWait(monitor, Status.HEALTHY, "up");

        monitor = monitors.findById(monitor.getId()).orElseThrow();
        monitor.override(Status.FAILED, "ops@example.com");
        monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(monitor.getId()));
        long id = monitor.getId();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> redis.hget(RedisKeys.monitor(id), RedisKeys.MONITOR_DEFINITION_FIELD)
                        .contains("\"override\":\"FAILED\""));
        Monitor held = monitor;
        sendAndWait(held, Status.HEALTHY, "HTTP 200 in 3 ms");

        awaitTransitions(held, "UNKNOWN->HEALTHY", "HEALTHY->FAILED");
        assertThat(events.findFirstByMonitorIdOrderByIdDesc(id))
                .get()
                .extracting(MonitorEvent::getReason)
                .isEqualTo("held at FAILED by hand (the checks say: HTTP 200 in 3 ms)");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outcomes(held, failover).size() == 1);

        held.override(null, null);
        monitors.save(held);
        outbox.save(OutboxEntry.upsert(id));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !redis.hget(RedisKeys.monitor(id), RedisKeys.MONITOR_DEFINITION_FIELD)
                        .contains("\"override\":\"FAILED\""));
        sendAndWait(held, Status.HEALTHY, "HTTP 200 in 2 ms");
        awaitTransitions(held, "UNKNOWN->HEALTHY", "HEALTHY->FAILED", "FAILED->HEALTHY");
    }

    @Test
    void theSameResultDeliveredTwiceCountsOnce() {
        Monitor monitor = monitor("dedup");
        CheckResult failure = CheckResult.checked(
                "same-id-" + UUID.randomUUID(),
                monitor.getId(),
                "default",
                "w",
                Status.FAILED,
                "down",
                1,
                System.currentTimeMillis());
        await().atMost(Duration.ofSeconds(10))
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    worker.send(MessageCodec.toBytes(failure));
                    return foldedCount(monitor) == 1;
                });
        worker.send(MessageCodec.toBytes(failure));
        sendAndWait(monitor, Status.HEALTHY, "fine");
        assertThat(foldedCount(monitor)).isEqualTo(2);
        assertThat(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("HEALTHY");
    }

    @Test
    void aSecondFailureWithinTheFrequencyIsRecordedAsSkippedAndSendsNothing() {
        ReactionConfig page = email("page once an hour", CallOn.FAILED, 1, 3600);
        Monitor monitor = monitor("flappy", page);
        for (Status status : List.of(Status.FAILED, Status.FAILED, Status.HEALTHY, Status.FAILED, Status.FAILED)) {
            sendAndWait(monitor, status, status == Status.FAILED ? "down" : "up");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outcomes(monitor, page).size() == 2);
        assertThat(outcomes(monitor, page)).containsExactly(ReactionOutcome.EXECUTED, ReactionOutcome.SKIPPED);
        assertThat(runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), page.getId())
                        .get(1)
                        .getOutput())
                .isEqualTo("ran less than 3600 s ago (frequency 3600 s)");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aTriggerOfThreeRunsOnTheThirdConsecutiveFailedResultOnly() {
        ReactionConfig escalate = email("escalate", CallOn.FAILED, 3, 0);
        Monitor monitor = monitor("slow-burn", escalate);
        sendAndWait(monitor, Status.FAILED, "down");
        sendAndWait(monitor, Status.FAILED, "down"); // FAILED now, held for 1
        sendAndWait(monitor, Status.FAILED, "down"); // held for 2
        assertThat(outcomes(monitor, escalate)).isEmpty();
        sendAndWait(monitor, Status.FAILED, "down"); // held for 3
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outcomes(monitor, escalate).size() == 1);
        sendAndWait(monitor, Status.FAILED, "down");
        assertThat(outcomes(monitor, escalate)).containsExactly(ReactionOutcome.EXECUTED);
    }

    @Test
    void recoveryReactionsRunOnRecoveryButNotOnAFirstHealthyResult() throws Exception {
        ReactionConfig allClear = email("all clear", CallOn.HEALTHY, 1, 0);
        Monitor monitor = monitor("recovering", allClear);
        sendAndWait(monitor, Status.HEALTHY, "up");
        awaitTransitions(monitor, "UNKNOWN->HEALTHY");
        sendAndWait(monitor, Status.FAILED, "down");
        sendAndWait(monitor, Status.FAILED, "down");
        sendAndWait(monitor, Status.HEALTHY, "up");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outcomes(monitor, allClear).size() == 1);
        assertThat(outcomes(monitor, allClear)).containsExactly(ReactionOutcome.EXECUTED);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[CloudRoutes] recovering recovered");
    }

    @Test
    void aResultAppendedToTheDurableStreamIsFoldedAcknowledgedAndThenTrimmed() {
        Monitor monitor = monitor("from-webhook");
        CheckResult result = CheckResult.pushed(
                "datadog",
                monitor.getId(),
                ResultIds.newDelivery(),
                Status.HEALTHY,
                "Recovered",
                System.currentTimeMillis());
        redis.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, MessageCodec.toJson(result)));
        await().atMost(Duration.ofSeconds(10)).until(() -> foldedCount(monitor) == 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                                .getCount()
                        == 0);
        // its decision reaches PostgreSQL after the fold, from Redis: wait for what is asserted
        awaitTransitions(monitor, "UNKNOWN->HEALTHY");
        // done with, so it does not stay in Redis's memory for ever
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.xlen(RedisKeys.RESULTS_STREAM) == 0);
    }

    @Test
    void aWebhookMonitorGetsItsDefinitionButNeverAPlaceInTheSchedule(
            @Autowired io.cloudroutes.crbridge.bridge.RebuildAccess rebuild) {
        Monitor monitor =
                new Monitor(teamRepository.personalTeamIdOf(owner.getId()), owner.getId(), "datadog says", "datadog");
        monitor.setSettings(Map.of("warnAs", "IGNORE"));
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(10);
        Monitor saved = monitors.save(monitor);
        outbox.save(OutboxEntry.upsert(saved.getId()));
        String member = String.valueOf(saved.getId());
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(RedisKeys.monitor(saved.getId())) == 1);
        assertThat(redis.zscore(RedisKeys.SCHEDULE, member)).isNull();

        redis.del(RedisKeys.monitor(saved.getId()));
        rebuild.run();

        assertThat(redis.hget(RedisKeys.monitor(saved.getId()), RedisKeys.MONITOR_DEFINITION_FIELD))
                .contains("\"checkType\":\"datadog\"");
        assertThat(redis.zscore(RedisKeys.SCHEDULE, member)).isNull();
    }

    @Test
    void aStreamedResultOfAMonitorTheBridgeHasNotWrittenYetIsFoldedNotDropped() {
        Monitor monitor = new Monitor(
                teamRepository.personalTeamIdOf(owner.getId()),
                owner.getId(),
                "pushed before the bridge saw it",
                "webhook");
        monitor.setIntervalSeconds(60);
        monitor.setTimeoutSeconds(10);
        monitor.setFailThreshold(1);
        Monitor saved = monitors.save(monitor); // no outbox entry: Redis knows nothing of it
        CheckResult result = CheckResult.pushed(
                "webhook",
                saved.getId(),
                ResultIds.newDelivery(),
                Status.FAILED,
                "nightly backup failed",
                System.currentTimeMillis());
        redis.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, MessageCodec.toJson(result)));
        // the event is written after the fold: wait for what is asserted, not for the fold
        awaitTransitions(saved, "UNKNOWN->FAILED");
        assertThat(foldedCount(saved)).isEqualTo(1);
    }
}
