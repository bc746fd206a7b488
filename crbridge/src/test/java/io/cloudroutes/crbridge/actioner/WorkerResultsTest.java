package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.ResultProtocol;
import io.cloudroutes.core.zmq.TestPlane;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.crbridge.system.CrbridgeProperties;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Workers' results reach the actioners over acknowledged delivery: an actioner acknowledges a result once the durable
 * results stream holds it, every actioner folds from that stream, and a result sent again is folded once. Against a
 * real PostgreSQL and Redis, two whole actioners, and a DEALER socket in a worker's place connected to both.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.config.name=crbridge")
@DirtiesContext
class WorkerResultsTest {

    @Autowired
    TeamRepository teamRepository;

    static ActionerInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = ActionerInfrastructure.start(registry);
    }

    @Autowired
    CrbridgeProperties properties;

    @Autowired
    MeterRegistry meters;

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    ActionerFixtures fixtures;
    final ZContext zmq = new ZContext();
    final List<ZMQ.Socket> workers = new ArrayList<>();

    @BeforeEach
    void fixtures() {
        redis = connection.sync();
        UserAccount owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        fixtures = new ActionerFixtures(
                owner, teamRepository.personalTeamIdOf(owner.getId()), monitors, reactions, outbox, redis);
    }

    @AfterEach
    void closeSockets() {
        zmq.close();
    }

    /** A DEALER socket in a worker's place, connected to each of these actioners as a worker's is. */
    private ZMQ.Socket worker(String... actioners) {
        ZMQ.Socket socket = zmq.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setReceiveTimeOut(50);
        new PlaneSockets(zmq, TestPlane.worker()).connectTo(socket, TestPlane.ACTIONER.publicKey());
        for (String actioner : actioners) {
            socket.connect(actioner);
        }
        workers.add(socket);
        return socket;
    }

    private static CheckResult failure(Monitor monitor) {
        return CheckResult.checked(
                ResultIds.newJob(),
                monitor.getId(),
                "default",
                "worker-1",
                Status.FAILED,
                "HTTP 503",
                3,
                System.currentTimeMillis());
    }

    /** Sends each result until an actioner acknowledges it, as a worker does; returns the ids acknowledged. */
    private Set<String> sendUntilAcknowledged(ZMQ.Socket worker, List<CheckResult> results, Duration within) {
        Set<String> acknowledged = new HashSet<>();
        await().atMost(within)
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    for (CheckResult result : results) {
                        if (!acknowledged.contains(result.resultId())) {
                            worker.send(MessageCodec.toBytes(result), ZMQ.DONTWAIT);
                        }
                    }
                    acknowledged.addAll(acknowledgements(worker));
                    return acknowledged.size() == results.size();
                });
        return acknowledged;
    }

    private static Set<String> acknowledgements(ZMQ.Socket worker) {
        Set<String> ids = new HashSet<>();
        ZMsg ack = ZMsg.recvMsg(worker);
        while (ack != null) {
            assertThat(ack.popString()).isEqualTo(ResultProtocol.ACK);
            ids.add(ack.popString());
            ack = ZMsg.recvMsg(worker, ZMQ.DONTWAIT);
        }
        return ids;
    }

    /** The ids of the results folded into the monitor's state, newest first, one entry per fold. */
    private List<String> folded(Monitor monitor) {
        return redis.lrange(RedisKeys.recent(monitor.getId()), 0, -1).stream()
                .map(json -> MessageCodec.fromJson(json, CheckResult.class).resultId())
                .toList();
    }

    private static double duplicates(MeterRegistry registry) {
        return registry.get("cloudroutes.actioner.results")
                .tag("outcome", "duplicate")
                .counter()
                .count();
    }

    @Test
    void twoActionersShareTheResultsOfAWorkerConnectedToBothAndFoldEachOnce() throws IOException {
        Monitor monitor = fixtures.monitor("shared " + UUID.randomUUID());
        try (ConfigurableApplicationContext second = infrastructure.anotherActioner()) {
            String secondEndpoint =
                    second.getBean(CrbridgeProperties.class).results().endpoint();
            ZMQ.Socket worker = worker(properties.results().endpoint(), secondEndpoint);
            List<CheckResult> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(failure(monitor));
            }

            assertThat(sendUntilAcknowledged(worker, results, Duration.ofSeconds(20)))
                    .containsExactlyInAnyOrderElementsOf(
                            results.stream().map(CheckResult::resultId).toList());

            await().atMost(Duration.ofSeconds(10)).until(() -> folded(monitor).size() == 20);
            assertThat(folded(monitor))
                    .containsExactlyInAnyOrderElementsOf(
                            results.stream().map(CheckResult::resultId).toList());
            // and a result a worker sends again, here to both actioners, is acknowledged and folded no more
            double duplicatesBefore = duplicates(meters) + duplicates(second.getBean(MeterRegistry.class));
            ZMQ.Socket first = worker(properties.results().endpoint());
            ZMQ.Socket other = worker(secondEndpoint);
            sendUntilAcknowledged(first, List.of(results.getFirst()), Duration.ofSeconds(10));
            sendUntilAcknowledged(other, List.of(results.getFirst()), Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> duplicates(meters) + duplicates(second.getBean(MeterRegistry.class))
                            >= duplicatesBefore + 2);
            assertThat(folded(monitor)).hasSize(20);
        }
    }

    @Test
    void aResultTheActionerCannotMakeDurableIsNotAcknowledgedAndIsFoldedOnceWhenSentAgainLater() {
        Monitor monitor = fixtures.monitor("redis away " + UUID.randomUUID());
        CheckResult result = failure(monitor);
        ZMQ.Socket worker = worker(properties.results().endpoint());
        // Redis refuses the actioner's appends to the stream, as when it is away
        infrastructure.asOperator(
                admin -> admin.aclSetuser(TestRedis.CRBRIDGE, AclSetuserArgs.Builder.removeCommand(CommandType.XADD)));
        try {
            for (int i = 0; i < 4; i++) {
                worker.send(MessageCodec.toBytes(result));
            }
            Set<String> acknowledged = new HashSet<>();
            long until = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < until) {
                acknowledged.addAll(acknowledgements(worker));
            }
            assertThat(acknowledged).isEmpty();
            assertThat(folded(monitor)).isEmpty();
        } finally {
            infrastructure.asOperator(
                    admin -> admin.aclSetuser(TestRedis.CRBRIDGE, AclSetuserArgs.Builder.addCommand(CommandType.XADD)));
        }

        // the worker still holds it and sends it again: now it is acknowledged, and folded once
        sendUntilAcknowledged(worker, List.of(result), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> folded(monitor), ids -> ids.equals(List.of(result.resultId())));
        assertThat(redis.hget(RedisKeys.state(monitor.getId()), RedisKeys.StateField.STATUS))
                .isEqualTo("FAILED");
    }

    @Test
    void aResultAnActionerTookFromTheStreamAndNeverFoldedIsFoldedByAnotherWithinSeconds() {
        Monitor monitor = fixtures.monitor("orphaned " + UUID.randomUUID());
        CheckResult result = failure(monitor);
        // An actioner appended it and read it from the shared group, then died before folding it: the entry stays
        // pending with a consumer that is gone.
        infrastructure.asOperator(admin -> {
            // in one transaction, so that the live actioner, blocked reading the group, cannot take it first
            admin.multi();
            admin.xadd(RedisKeys.RESULTS_STREAM, Map.of(RedisKeys.RESULTS_STREAM_FIELD, MessageCodec.toJson(result)));
            admin.xreadgroup(
                    Consumer.from(RedisKeys.RESULTS_GROUP, "actioner-dead"),
                    XReadArgs.Builder.count(1000),
                    XReadArgs.StreamOffset.lastConsumed(RedisKeys.RESULTS_STREAM));
            admin.exec();
        });
        assertThat(redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                        .getCount())
                .isEqualTo(1);
        assertThat(folded(monitor)).isEmpty();

        await().atMost(Duration.ofSeconds(25))
                .until(() -> folded(monitor), ids -> ids.equals(List.of(result.resultId())));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> redis.xpending(RedisKeys.RESULTS_STREAM, RedisKeys.RESULTS_GROUP)
                                .getCount()
                        == 0);
    }
}
