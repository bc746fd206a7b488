package io.cloudroutes.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.Quorum;
import io.cloudroutes.core.message.CheckJob;
import io.cloudroutes.core.message.ChecksDelayed;
import io.cloudroutes.core.message.MessageCodec;
import io.cloudroutes.core.message.MonitorDefinition;
import io.cloudroutes.core.net.LoopbackPorts;
import io.cloudroutes.core.ops.OpsEndpoint;
import io.cloudroutes.core.redis.RedisCommandStats;
import io.cloudroutes.core.redis.RedisKeys;
import io.cloudroutes.core.redis.RedisTime;
import io.cloudroutes.core.redis.TestRedis;
import io.cloudroutes.core.secret.SecretScope;
import io.cloudroutes.core.zmq.JobBatch;
import io.cloudroutes.core.zmq.PlaneSockets;
import io.cloudroutes.core.zmq.TestPlane;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A control against a real Redis, with the test's PULL socket in the broker's place. */
class ControlTest {

    static TestRedis redisServer;
    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;
    /** The test's own view of Redis, as the operator's user; the controls connect as their own. */
    static RedisCommands<String, String> redis;

    static String redisUrl;

    // One socket in the broker's place for the whole class, as a broker outlives the controls that connect to it.
    static final ZContext zmq = new ZContext();
    static ZMQ.Socket brokerFrontend;
    static PlaneSockets brokerPlane;
    static String frontendEndpoint;
    final List<Control> controls = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redisServer = TestRedis.start();
        redisUrl = redisServer.url(TestRedis.CONTROL);
        client = RedisClient.create(redisServer.url(TestRedis.ADMIN));
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void stopRedis() throws IOException {
        if (brokerPlane != null) {
            brokerPlane.close();
        }
        zmq.close();
        connection.close();
        client.shutdown();
        redisServer.close();
    }

    @BeforeEach
    void emptyRedisAndTheFrontend() throws IOException {
        redis.flushall();
        if (brokerFrontend == null) {
            frontendEndpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
            brokerFrontend = zmq.createSocket(SocketType.PULL);
            brokerFrontend.setReceiveTimeOut(100);
            brokerPlane = new PlaneSockets(zmq, TestPlane.broker());
            brokerPlane.serve(
                    brokerFrontend, "broker-frontend", TestPlane.broker().controlPublicKeys());
            brokerFrontend.bind(frontendEndpoint);
        }
        while (brokerFrontend.recv(ZMQ.DONTWAIT) != null) {
            // jobs of the previous test's controls
        }
    }

    @AfterEach
    void stop() {
        controls.forEach(Control::close);
    }

    private void startControl() {
        controls.add(Control.start(
                new ControlConfig(redisUrl, frontendEndpoint, 500, Duration.ofMillis(50), TestPlane.control())));
    }

    private void addMonitor(long id, int intervalSeconds, long dueAt) {
        addMonitor(id, intervalSeconds, dueAt, List.of("default"));
    }

    private void addMonitor(long id, int intervalSeconds, long dueAt, List<String> zones) {
        MonitorDefinition definition = new MonitorDefinition(
                id,
                1,
                "m" + id,
                "tcp",
                Map.of("host", "127.0.0.1", "port", "1"),
                intervalSeconds,
                1,
                2,
                1,
                true,
                zones,
                Quorum.MAJORITY,
                null,
                "seal-id-of-" + id);
        redis.hset(
                RedisKeys.monitor(id),
                Map.of(
                        RedisKeys.MONITOR_DEFINITION_FIELD, MessageCodec.toJson(definition),
                        RedisKeys.MONITOR_INTERVAL_FIELD, String.valueOf(intervalSeconds)));
        redis.zadd(RedisKeys.SCHEDULE, dueAt, String.valueOf(id));
    }

    private List<CheckJob> receive(int count, Duration within) {
        List<CheckJob> jobs = new ArrayList<>();
        await().atMost(within)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    byte[] message = brokerFrontend.recv();
                    while (message != null) {
                        jobs.addAll(jobsOf(message));
                        message = brokerFrontend.recv(ZMQ.DONTWAIT);
                    }
                    return jobs.size() >= count;
                });
        return jobs;
    }

    @Test
    void sendsADueMonitorAsAJobWithItsSettingsAndTimeout() {
        long now = System.currentTimeMillis();
        addMonitor(7, 1, now);
        startControl();
        CheckJob job = receive(1, Duration.ofSeconds(5)).getFirst();
        assertThat(job.monitorId()).isEqualTo(7);
        assertThat(job.checkType()).isEqualTo("tcp");
        assertThat(job.settings()).containsEntry("port", "1");
        assertThat(job.timeoutMillis()).isEqualTo(1000);
        assertThat(job.dueAtMillis()).isGreaterThanOrEqualTo(now);
        assertThat(job.issuedAtMillis()).isGreaterThanOrEqualTo(job.dueAtMillis());
        assertThat(job.secretScope())
                .as("the row its secrets are sealed for, which the worker opens them with")
                .isEqualTo(SecretScope.monitor(1, "seal-id-of-7"));
    }

    @Test
    void aMonitorDueBetweenTwoPollsIsClaimedWhenDueNotAPollLater() {
        long now = System.currentTimeMillis();
        addMonitor(50, 60, now);
        addMonitor(51, 60, now + 3_000);
        // polls ten seconds apart: before, monitor 51 waited for the second poll, seven seconds after it was due
        controls.add(Control.start(
                new ControlConfig(redisUrl, frontendEndpoint, 500, Duration.ofSeconds(10), TestPlane.control())));
        List<CheckJob> jobs = receive(2, Duration.ofSeconds(8));
        CheckJob later =
                jobs.stream().filter(job -> job.monitorId() == 51).findFirst().orElseThrow();
        assertThat(later.issuedAtMillis() - later.dueAtMillis())
                .as("how late monitor 51 was claimed, ms")
                .isLessThan(1_000);
    }

    @Test
    void movesAClaimedMonitorToItsNextAlignedSlot() {
        long now = System.currentTimeMillis();
        addMonitor(42, 60, now - 5_000);
        startControl();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.zscore(RedisKeys.SCHEDULE, "42") > now);
        long intervalMillis = 60_000;
        long offset = slotOffset(42, intervalMillis);
        double next = redis.zscore(RedisKeys.SCHEDULE, "42");
        assertThat((long) next).isGreaterThan(now);
        assertThat(((long) next - offset) % intervalMillis).isZero();
        assertThat((long) next - now).isBetween(intervalMillis / 2, intervalMillis * 3 / 2);
    }

    @Test
    void aMonitorOverdueAfterARestartIsCheckedOnceNotAgainAtItsSlotMomentsLater() {
        long now = System.currentTimeMillis();
        long intervalMillis = 60_000;
        // a monitor whose aligned slot comes a second or two after the control's first claim
        long id = 1;
        while (nextSlot(id, intervalMillis, now) < now + 1_500 || nextSlot(id, intervalMillis, now) > now + 2_500) {
            id++;
        }
        long slot = nextSlot(id, intervalMillis, now);
        // due long ago: CloudRoutes was down
        addMonitor(id, 60, now - 600_000);
        startControl();

        assertThat(receive(1, Duration.ofSeconds(5))).hasSize(1);
        String member = String.valueOf(id);
        assertThat(redis.zscore(RedisKeys.SCHEDULE, member).longValue())
                .as("next due, its slot being %d", slot)
                .isGreaterThanOrEqualTo(slot + intervalMillis);
    }

    /** The first slot of the monitor's interval after {@code now}, as the claim script aligns them. */
    private static long nextSlot(long id, long intervalMillis, long now) {
        long offset = slotOffset(id, intervalMillis);
        return offset + (Math.floorDiv(now - offset, intervalMillis) + 1) * intervalMillis;
    }

    /** Where in its interval a monitor's slots lie, as the claim script computes it. */
    private static long slotOffset(long id, long intervalMillis) {
        return (long) Math.floor(((id * 0.6180339887498949) % 1.0) * intervalMillis);
    }

    @Test
    void monitorsCreatedOneAfterAnotherAreSpreadAcrossTheirWholeInterval() {
        long now = redisNowMillis();
        int monitors = 1000;
        long intervalMillis = 10_000;
        for (long id = 1; id <= monitors; id++) {
            addMonitor(id, 10, now);
        }
        startControl();
        receive(monitors, Duration.ofSeconds(20));

        // where in the interval each monitor is checked from now on: the same share of them in every second of it
        int[] perSecond = new int[10];
        for (var slot : redis.zrangeWithScores(RedisKeys.SCHEDULE, 0, -1)) {
            perSecond[(int) (((long) slot.getScore() % intervalMillis) / 1000)]++;
        }
        assertThat(java.util.Arrays.stream(perSecond).boxed().toList())
                .as("monitors checked in each second of their 10 s interval")
                .allSatisfy(count -> assertThat(count).isBetween(90, 110));
    }

    @Test
    void runsAMonitorOncePerIntervalWithoutDrift() {
        addMonitor(3, 1, System.currentTimeMillis());
        startControl();
        List<CheckJob> jobs = receive(4, Duration.ofSeconds(10));
        for (int i = 2; i < jobs.size(); i++) {
            assertThat(jobs.get(i).dueAtMillis() - jobs.get(i - 1).dueAtMillis())
                    .isEqualTo(1000);
        }
    }

    /** Redis' own clock, which decides what is due. */
    private static long redisNowMillis() {
        List<String> time = redis.time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    private Control startControl(Duration skew) {
        Control control = Control.start(
                new ControlConfig(redisUrl, frontendEndpoint, 500, Duration.ofMillis(50), TestPlane.control()),
                Clock.offset(Clock.systemUTC(), skew));
        controls.add(control);
        return control;
    }

    @Test
    void controlsWhoseClocksAreAnHourOffClaimByRedisClockNeitherEarlyNorLate() {
        long now = redisNowMillis();
        addMonitor(21, 3600, now - 1_000);
        addMonitor(22, 3600, now + 20 * 60_000);

        // a control an hour behind still sends the monitor that is due by Redis' clock
        Control behind = startControl(Duration.ofHours(-1));
        List<CheckJob> jobs = receive(1, Duration.ofSeconds(5));
        assertThat(jobs).extracting(CheckJob::monitorId).containsExactly(21L);

        // a control an hour ahead does not send the monitor due in twenty minutes
        Control ahead = startControl(Duration.ofHours(1));
        List<byte[]> early = new ArrayList<>();
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .pollInSameThread()
                .until(() -> {
                    byte[] message = brokerFrontend.recv(ZMQ.DONTWAIT);
                    if (message != null) {
                        early.add(message);
                    }
                    return true;
                });
        assertThat(early).isEmpty();
        assertThat(redis.zscore(RedisKeys.SCHEDULE, "22")).isEqualTo((double) (now + 20 * 60_000));
        assertThat(behind.jobsSent() + ahead.jobsSent()).isEqualTo(1);
    }

    /** A PULL socket in a second broker's place, with the broker's keys. */
    private static ZMQ.Socket secondBroker(ZContext context, PlaneSockets plane, String endpoint) {
        ZMQ.Socket pull = context.createSocket(SocketType.PULL);
        pull.setReceiveTimeOut(10);
        plane.serve(pull, "broker-frontend-2", TestPlane.broker().controlPublicKeys());
        pull.bind(endpoint);
        return pull;
    }

    private static void drain(ZMQ.Socket socket, List<CheckJob> into) {
        byte[] message;
        while ((message = socket.recv(ZMQ.DONTWAIT)) != null) {
            into.addAll(jobsOf(message));
        }
    }

    /** The jobs of a message the control sent, as a broker reads them: a lone job or a batch. */
    private static List<CheckJob> jobsOf(byte[] message) {
        return JobBatch.jobsOf(message).stream()
                .map(job -> MessageCodec.fromBytes(job, CheckJob.class))
                .toList();
    }

    @Test
    void spreadsJobsOverTwoBrokersAndWhenOneDiesEachMonitorsNextSlotGoesToTheOther() throws IOException {
        long now = redisNowMillis();
        for (long id = 1; id <= 10; id++) {
            addMonitor(id, 1, nextSlot(id, 1_000, now)); // on their slots: each next one is one interval later
        }
        String secondEndpoint = "tcp://127.0.0.1:" + LoopbackPorts.next();
        List<CheckJob> atFirst = new ArrayList<>();
        List<CheckJob> atSecond = new ArrayList<>();
        ZContext secondZmq = new ZContext();
        PlaneSockets secondPlane = new PlaneSockets(secondZmq, TestPlane.broker());
        ZMQ.Socket second = secondBroker(secondZmq, secondPlane, secondEndpoint);
        Control control = Control.start(new ControlConfig(
                redisUrl, frontendEndpoint + "," + secondEndpoint, 500, Duration.ofMillis(50), TestPlane.control()));
        controls.add(control);
        PrometheusMeterRegistry meters = OpsEndpoint.newRegistry("cram-control");
        control.bindMetrics(meters);
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            drain(brokerFrontend, atFirst);
            drain(second, atSecond);
            return atFirst.size() >= 10 && atSecond.size() >= 10;
        });
        assertThat(meters.get("cloudroutes.control.brokers.connected").gauge().value())
                .isEqualTo(2);

        // the second broker dies with whatever it held: those jobs are lost
        drain(second, atSecond);
        secondPlane.close();
        secondZmq.close();
        long diedAt = redisNowMillis();
        List<CheckJob> afterwards = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> {
            drain(brokerFrontend, afterwards);
            return afterwards.stream()
                            .filter(job -> job.dueAtMillis() > diedAt + 1_000)
                            .map(CheckJob::monitorId)
                            .distinct()
                            .count()
                    == 10;
        });
        // no monitor misses more than the slot whose job died with the broker: the claim had moved it on already, and
        // its next slot, one interval later, went to the live broker
        Map<Long, List<Long>> dueTimes = new java.util.HashMap<>();
        for (List<CheckJob> jobs : List.of(atFirst, atSecond, afterwards)) {
            jobs.forEach(job -> dueTimes.computeIfAbsent(job.monitorId(), id -> new ArrayList<>())
                    .add(job.dueAtMillis()));
        }
        assertThat(dueTimes).hasSize(10);
        dueTimes.forEach((monitor, times) -> {
            List<Long> sorted = times.stream().distinct().sorted().toList();
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i) - sorted.get(i - 1))
                        .as("monitor %d due at %s, broker died at %d", monitor, sorted, diedAt)
                        .isIn(1_000L, 2_000L);
            }
        });
        assertThat(atSecond).as("jobs the second broker took before it died").isNotEmpty();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("cloudroutes.control.brokers.connected")
                                .gauge()
                                .value()
                        == 1);
        assertThat(meters.get("cloudroutes.control.broker.connected")
                        .tag("broker", secondEndpoint)
                        .gauge()
                        .value())
                .isZero();
        assertThat(control.health()).isNull();
    }

    @Test
    void refusesABrokerListWithAnEntryThatIsNoEndpointNamingTheSetting() {
        assertThatThrownBy(() -> new ControlConfig(
                        redisUrl, frontendEndpoint + ",broker-b:5555", 500, Duration.ofMillis(50), TestPlane.control()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOUDROUTES_BROKER_FRONTEND must list ZeroMQ endpoints")
                .hasMessageContaining("'broker-b:5555' is not one");
    }

    @Test
    void twoControlsNeverScheduleTheSameCheckTwice() {
        long now = System.currentTimeMillis();
        for (long id = 1; id <= 200; id++) {
            addMonitor(id, 1, now);
        }
        startControl();
        startControl();
        List<CheckJob> jobs = receive(600, Duration.ofSeconds(20));
        Set<String> seen = new HashSet<>();
        for (CheckJob job : jobs) {
            assertThat(seen.add(job.monitorId() + "@" + job.dueAtMillis()))
                    .as("monitor %d due at %d sent once", job.monitorId(), job.dueAtMillis())
                    .isTrue();
        }
        assertThat(controls)
                .allSatisfy(control -> assertThat(control.jobsSent()).isPositive());
    }

    @Test
    void sendsOneJobPerZoneForTheSameDueTime() {
        addMonitor(11, 60, System.currentTimeMillis(), List.of("eu-west", "us-east", "ap-south"));
        startControl();
        List<CheckJob> jobs = receive(3, Duration.ofSeconds(10));
        assertThat(jobs).extracting(CheckJob::zone).containsExactlyInAnyOrder("eu-west", "us-east", "ap-south");
        assertThat(jobs)
                .extracting(CheckJob::dueAtMillis)
                .containsOnly(jobs.getFirst().dueAtMillis());
        assertThat(jobs).extracting(CheckJob::jobId).doesNotHaveDuplicates();
    }

    @Test
    void aJobTheBrokerDoesNotTakeIsDeferredNotLost() throws Exception {
        // No broker at all: nothing listens on this endpoint, so every send is refused.
        String nowhere = "tcp://127.0.0.1:" + LoopbackPorts.next();
        long due = System.currentTimeMillis() - 1_000;
        addMonitor(21, 60, due);
        Control control =
                Control.start(new ControlConfig(redisUrl, nowhere, 500, Duration.ofMillis(50), TestPlane.control()));
        controls.add(control);
        await().atMost(Duration.ofSeconds(5)).until(() -> meterValue(control, "deferred") >= 2);
        // Stopped, it finishes the poll under way (a claim is put back before the loop ends), so the schedule is
        // read at rest: still due at its original time, and the next poll with a broker sends it.
        control.close();
        assertThat(redis.zscore(RedisKeys.SCHEDULE, "21")).isEqualTo((double) due);
        assertThat(control.jobsSent()).isZero();
    }

    private static double meterValue(Control control, String name) {
        PrometheusMeterRegistry meters = OpsEndpoint.newRegistry("cram-control");
        control.bindMetrics(meters);
        return meters.get("cloudroutes.control.jobs." + name).functionCounter().count();
    }

    @Test
    void dropsAMonitorWhoseDefinitionWasDeleted() {
        redis.zadd(RedisKeys.SCHEDULE, System.currentTimeMillis(), "99");
        startControl();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.zscore(RedisKeys.SCHEDULE, "99") == null);
        assertThat(brokerFrontend.recv()).isNull();
    }

    @Test
    void keepsSchedulingAfterRedisForgetsTheClaimScript() {
        addMonitor(8, 1, System.currentTimeMillis());
        startControl();
        receive(1, Duration.ofSeconds(5));
        // What a Redis restart without persistence does to loaded scripts.
        redis.scriptFlush();
        List<CheckJob> jobs = receive(2, Duration.ofSeconds(10));
        assertThat(jobs).extracting(CheckJob::monitorId).containsOnly(8L);
        assertThat(controls.getFirst().health()).isNull();
    }

    @Test
    void aMonitorWithAnUnreadableIntervalDoesNotStallTheOthers() {
        long now = System.currentTimeMillis();
        addMonitor(30, 1, now);
        redis.hset(RedisKeys.monitor(30), RedisKeys.MONITOR_INTERVAL_FIELD, "every minute");
        addMonitor(31, 1, now);
        startControl();
        assertThat(receive(1, Duration.ofSeconds(5)))
                .extracting(CheckJob::monitorId)
                .containsOnly(31L);
        // Kept for a later try instead of being lost.
        assertThat(redis.zscore(RedisKeys.SCHEDULE, "30")).isGreaterThan((double) now + 50_000);
    }

    /** A result appended {@code ageMillis} ago by Redis' clock, that no actioner has read yet. */
    private void unreadResultOf(long ageMillis) {
        long now = RedisTime.of(redis.time()).toEpochMilli();
        redis.xgroupCreate(
                XReadArgs.StreamOffset.from(RedisKeys.RESULTS_STREAM, "0-0"),
                RedisKeys.RESULTS_GROUP,
                XGroupCreateArgs.Builder.mkstream());
        redis.xadd(
                RedisKeys.RESULTS_STREAM,
                new XAddArgs().id((now - ageMillis) + "-0"),
                Map.of(RedisKeys.RESULTS_STREAM_FIELD, "{}"));
    }

    /** What an actioner does first with a result: reads it (it is then pending until folded and acknowledged). */
    private void anActionerReadsTheResults() {
        redis.xreadgroup(
                io.lettuce.core.Consumer.from(RedisKeys.RESULTS_GROUP, "actioner-1"),
                XReadArgs.Builder.count(1000),
                XReadArgs.StreamOffset.lastConsumed(RedisKeys.RESULTS_STREAM));
    }

    private void noJobFor(Duration quiet) {
        await().during(quiet)
                .atMost(quiet.plusSeconds(2))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(20))
                .until(() -> brokerFrontend.recv(ZMQ.DONTWAIT) == null);
    }

    @Test
    void whileTheActionersAreBehindTheControlHoldsChecksBackSaysSoAndThenChecksTheLongestOverdueFirst() {
        long now = RedisTime.of(redis.time()).toEpochMilli();
        addMonitor(1, 1, now - 3_000);
        addMonitor(2, 60, now - 1_000);
        addMonitor(3, 2, now - 8_000);
        unreadResultOf(5_000);
        startControl();
        Control control = controls.getFirst();
        PrometheusMeterRegistry meters = OpsEndpoint.newRegistry("cram-control");
        control.bindMetrics(meters);

        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get(RedisKeys.CHECKS_DELAYED) != null);
        ChecksDelayed delayed = MessageCodec.fromJson(redis.get(RedisKeys.CHECKS_DELAYED), ChecksDelayed.class);
        assertThat(delayed.backlogMillis()).isGreaterThanOrEqualTo(5_000);
        assertThat(delayed.limitMillis()).isEqualTo(1_000);
        assertThat(delayed.sinceMillis()).isBetween(now, now + 10_000);
        assertThat(meters.scrape()).contains("cloudroutes_control_holding{process=\"cram-control\"} 1.0");
        noJobFor(Duration.ofSeconds(1));
        assertThat(redis.zcount(RedisKeys.SCHEDULE, io.lettuce.core.Range.create(0, now)))
                .as("still due")
                .isEqualTo(3);
        assertThat(control.health())
                .as("holding back on purpose is not a failure")
                .isNull();

        anActionerReadsTheResults();
        List<CheckJob> jobs = receive(3, Duration.ofSeconds(5));
        assertThat(jobs)
                .extracting(CheckJob::monitorId)
                .as("the longest overdue first")
                .containsExactly(3L, 1L, 2L);
        assertThat(control.checksDelayed()).isEqualTo(3);
        // monitor 3 (every 2 s) was 8 s late and more, monitor 1 (every second) 3 s and more, monitor 2 (every minute)
        // none
        assertThat(control.slotsPassedOver()).isGreaterThanOrEqualTo(4 + 3);
        assertThat(meters.scrape())
                .contains("cloudroutes_control_holding{process=\"cram-control\"} 0.0")
                .contains("cloudroutes_control_checks_delayed_total{process=\"cram-control\"} 3.0");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(RedisKeys.CHECKS_DELAYED) == 0);
    }

    @Test
    void aControlClaimingEveryFewMillisecondsLooksAtTheResultsBacklogOnlyOnceAPoll() {
        // a backlog that changes over seconds is not worth two more round trips at every claim
        unreadResultOf(0);
        anActionerReadsTheResults();
        long now = RedisTime.of(redis.time()).toEpochMilli();
        for (long id = 1; id <= 100; id++) {
            addMonitor(id, 1, now); // spread over each second by their offsets: one is due every 10 ms or so
        }
        long claimsBefore = commandCalls("evalsha");
        long looksBefore = commandCalls("xinfo");
        long started = System.nanoTime();
        Duration poll = Duration.ofMillis(500);
        controls.add(Control.start(new ControlConfig(redisUrl, frontendEndpoint, 500, poll, TestPlane.control())));

        await().atMost(Duration.ofSeconds(20)).until(() -> commandCalls("evalsha") - claimsBefore >= 40);
        long looks = commandCalls("xinfo") - looksBefore;
        long polls = Duration.ofNanos(System.nanoTime() - started).toMillis() / poll.toMillis();
        assertThat(looks).as("looks at the backlog during %d polls", polls).isBetween(1L, polls + 2);
        receive(100, Duration.ofSeconds(5));
    }

    /** How many times Redis ran {@code command} since it started (its command statistics). */
    private long commandCalls(String command) {
        return RedisCommandStats.calls(redis.info("commandstats")).getOrDefault(command, 0L);
    }

    @Test
    void resultsReadAndNotYetAcknowledgedDoNotHoldChecksBack() {
        // a dead actioner's pending results are claimed by another one after a while: checks must not stop meanwhile
        unreadResultOf(60_000);
        anActionerReadsTheResults();
        addMonitor(9, 1, System.currentTimeMillis());
        startControl();
        receive(1, Duration.ofSeconds(5));
        assertThat(redis.exists(RedisKeys.CHECKS_DELAYED)).isZero();
    }

    @Test
    void resultsNoActionerEverReadAreABacklogToo() {
        long now = RedisTime.of(redis.time()).toEpochMilli();
        // no consumer group yet: no actioner has ever read the stream
        redis.xadd(
                RedisKeys.RESULTS_STREAM,
                new XAddArgs().id((now - 5_000) + "-0"),
                Map.of(RedisKeys.RESULTS_STREAM_FIELD, "{}"));
        addMonitor(9, 1, now);
        startControl();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get(RedisKeys.CHECKS_DELAYED) != null);
        noJobFor(Duration.ofMillis(500));
    }

    @Test
    void withTheBacklogLimitAtZeroTheControlNeverHoldsChecksBack() {
        unreadResultOf(60_000);
        addMonitor(9, 1, System.currentTimeMillis());
        controls.add(Control.start(new ControlConfig(
                redisUrl, frontendEndpoint, 500, Duration.ofMillis(50), TestPlane.control(), Duration.ZERO)));
        receive(1, Duration.ofSeconds(5));
        assertThat(redis.exists(RedisKeys.CHECKS_DELAYED)).isZero();
    }

    @Test
    void countsSentJobsAndReportsHealthyWhileClaimsSucceed() {
        addMonitor(5, 1, System.currentTimeMillis());
        startControl();
        receive(2, Duration.ofSeconds(10));
        PrometheusMeterRegistry meters = OpsEndpoint.newRegistry("cram-control");
        controls.getFirst().bindMetrics(meters);
        assertThat(meters.scrape())
                .contains("cloudroutes_control_jobs_sent_total{process=\"cram-control\"}")
                .contains("cloudroutes_control_jobs_deferred_total{process=\"cram-control\"}");
        assertThat(controls.getFirst().health()).isNull();
    }

    @Test
    void aControlWithoutTheRightRedisPasswordDoesNotStartAndDoesNotShowThePassword() {
        String wrong = redisServer
                .url(TestRedis.CONTROL)
                .replace(redisServer.password(TestRedis.CONTROL), "guessed-password-123");
        assertThatThrownBy(() -> Control.start(
                        new ControlConfig(wrong, frontendEndpoint, 500, Duration.ofMillis(50), TestPlane.control())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("control cannot use Redis at redis://cloudroutes-control:***@127.0.0.1:")
                .hasMessageContaining("check CLOUDROUTES_REDIS_URL")
                .hasMessageNotContaining("guessed-password-123");
        assertThatThrownBy(() -> Control.start(new ControlConfig(
                        redisServer.urlWithoutPassword(),
                        frontendEndpoint,
                        500,
                        Duration.ofMillis(50),
                        TestPlane.control())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOAUTH");
    }
}
