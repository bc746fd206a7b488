package io.cloudroutes.crbridge.actioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudroutes.core.ReactionOutcome;
import io.cloudroutes.core.Status;
import io.cloudroutes.core.message.CheckResult;
import io.cloudroutes.core.message.ResultIds;
import io.cloudroutes.core.message.StatusChanged;
import io.cloudroutes.crbridge.CrbridgeApplication;
import io.cloudroutes.store.account.UserAccount;
import io.cloudroutes.store.account.UserAccountRepository;
import io.cloudroutes.store.history.ReactionRun;
import io.cloudroutes.store.history.ReactionRunRepository;
import io.cloudroutes.store.monitor.Monitor;
import io.cloudroutes.store.monitor.MonitorRepository;
import io.cloudroutes.store.outbox.OutboxRepository;
import io.cloudroutes.store.reaction.ReactionConfig;
import io.cloudroutes.store.reaction.ReactionConfigRepository;
import io.cloudroutes.store.team.TeamRepository;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reaction runs are jobs in PostgreSQL that any actioner claims with a lease: shared by several actioners, each run
 * once; claimed again when the actioner holding one dies; handed back at shutdown when still running. Against real
 * PostgreSQL, Redis and an HTTP receiver that counts the calls each reaction makes.
 */
@SpringBootTest(
        classes = CrbridgeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.config.name=crbridge",
            "cloudroutes.reactions.lease=2s",
            "cloudroutes.reactions.timeout=1s"
        })
@DirtiesContext
class ReactionJobsTest {

    @Autowired
    TeamRepository teamRepository;

    static ActionerInfrastructure infrastructure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        infrastructure = ActionerInfrastructure.start(registry);
    }

    @Autowired
    UserAccountRepository users;

    @Autowired
    MonitorRepository monitors;

    @Autowired
    ReactionConfigRepository reactions;

    @Autowired
    ReactionRunRepository runs;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    JobRunner jobRunner;

    @Autowired
    ReactionJobs jobs;

    @Autowired
    JdbcTemplate sql;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StatefulRedisConnection<String, String> connection;

    RedisCommands<String, String> redis;
    UserAccount owner;
    HttpReceiver receiver;
    ActionerFixtures fixtures;

    @BeforeEach
    void anOwnerAndAReceiver() throws IOException {
        redis = connection.sync();
        owner = users.save(new UserAccount("ops-" + UUID.randomUUID() + "@example.com", "x"));
        receiver = new HttpReceiver();
        fixtures = new ActionerFixtures(
                owner, teamRepository.personalTeamIdOf(owner.getId()), monitors, reactions, outbox, redis);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
        if (!jobRunner.isRunning()) {
            jobRunner.start();
        }
    }

    private void fail(Monitor monitor) {
        ActionerInfrastructure.appendAndAwaitHandled(
                redis,
                CheckResult.pushed(
                        "webhook",
                        monitor.getId(),
                        ResultIds.newDelivery(),
                        Status.FAILED,
                        "HTTP 503",
                        System.currentTimeMillis()));
    }

    private List<ReactionRun> runsOf(Monitor monitor, ReactionConfig reaction) {
        return runs.findByMonitorIdAndReactionIdOrderByIdAsc(monitor.getId(), reaction.getId());
    }

    private Map<String, Object> job(Monitor monitor) {
        return sql.queryForMap(
                "select id, lease_owner, lease_until, finished_at, outcome from reaction_jobs "
                        + "where monitor_id = ?",
                monitor.getId());
    }

    private double reclaimed() {
        return meters.get("cloudroutes.actioner.leases.reclaimed").counter().count();
    }

    @Test
    void twoActionersShareTheJobsAndRunEachOnce() throws IOException {
        List<Monitor> failing = new ArrayList<>();
        List<ReactionConfig> hooks = new ArrayList<>();
        try (ConfigurableApplicationContext second = infrastructure.anotherActioner("cloudroutes.reactions.lease=2s")) {
            for (int i = 0; i < 12; i++) {
                ReactionConfig hook = fixtures.webhookOnFailure(receiver, "/shared-" + i);
                hooks.add(hook);
                failing.add(fixtures.monitor("shop " + i, hook));
            }
            failing.forEach(this::fail);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> sql.queryForObject(
                                    "select count(*) from "
                                            + "reaction_jobs where monitor_id = any(?) and finished_at is not null",
                                    Integer.class,
                                    (Object)
                                            failing.stream().map(Monitor::getId).toArray(Long[]::new))
                            == 12);
            assertThat(second.isRunning()).isTrue();
        }
        for (int i = 0; i < 12; i++) {
            assertThat(receiver.hits("/shared-" + i))
                    .as("calls to /shared-" + i)
                    .isEqualTo(1);
            assertThat(runsOf(failing.get(i), hooks.get(i)))
                    .extracting(ReactionRun::getOutcome)
                    .containsExactly(ReactionOutcome.EXECUTED);
        }
    }

    @Test
    void aJobHeldByAnActionerThatDiedIsClaimedAgainWhenItsLeaseEndsAndRunOnce() {
        ReactionConfig hook = fixtures.webhookOnFailure(receiver, "/orphaned");
        Monitor monitor = fixtures.monitor("orphaned", hook);
        double before = reclaimed();
        jobRunner.stop();
        fail(monitor);
        // what an actioner killed right after claiming leaves behind: a lease nobody renews
        sql.update(
                "update reaction_jobs set lease_owner = 'killed-actioner', lease_until = now() + interval '2 seconds' "
                        + "where monitor_id = ?",
                monitor.getId());
        Instant leaseEnds = ((Timestamp) job(monitor).get("lease_until")).toInstant();
        jobRunner.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> runsOf(monitor, hook).size() == 1);
        assertThat(runsOf(monitor, hook).getFirst().getStartedAt()).isAfterOrEqualTo(leaseEnds);
        assertThat(receiver.hits("/orphaned")).isEqualTo(1);
        assertThat(receiver.runKeys("/orphaned"))
                .containsExactly("cloudroutes-run-" + job(monitor).get("id"));
        assertThat(reclaimed()).isEqualTo(before + 1);
        assertThat(job(monitor).get("finished_at")).isNotNull();
        assertThat(job(monitor).get("lease_owner")).isNull();
    }

    @Test
    void aReactionStillRunningWhenTheShutdownGraceEndsHandsItsJobBackAndRunsOnceAfterwards() {
        ReactionConfig hook = fixtures.webhookOnFailure(receiver, "/slow");
        Monitor monitor = fixtures.monitor("slow", hook);
        receiver.hold("/slow");
        fail(monitor);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.hits("/slow") == 1);

        Instant stopping = Instant.now();
        jobRunner.stop(); // what SIGTERM does: stop claiming, wait the 1 s grace, hand back what still runs
        Map<String, Object> handedBack = job(monitor);
        assertThat(handedBack.get("lease_owner")).isNull();
        assertThat(handedBack.get("finished_at")).isNull();
        assertThat(((Timestamp) handedBack.get("lease_until")).toInstant()).isBefore(Instant.now());
        assertThat(Duration.between(stopping, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(meters.get("cloudroutes.actioner.jobs.handed.back").counter().count())
                .isEqualTo(1.0);

        receiver.release("/slow");
        double before = reclaimed();
        jobRunner.start(); // the next actioner takes it at once, not after a lease
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(monitor, hook).size() == 1);
        assertThat(runsOf(monitor, hook)).extracting(ReactionRun::getOutcome).containsExactly(ReactionOutcome.EXECUTED);
        assertThat(receiver.hits("/slow")).isEqualTo(2);
        // both calls are one run to the receiver: the same key, so one that de-duplicates acts once
        assertThat(receiver.runKeys("/slow"))
                .containsExactly("cloudroutes-run-" + handedBack.get("id"), "cloudroutes-run-" + handedBack.get("id"));
        assertThat(reclaimed()).isEqualTo(before);
    }

    /**
     * The actioner that writes a decision's jobs leases them to itself and runs them at once; were it stopped in
     * between (a shutdown), it hands them back at once instead of leaving them to wait out the lease.
     */
    @Test
    void jobsLeasedToAnActionerThatStoppedBeforeRunningThemAreHandedBackAtOnce() {
        ReactionConfig hook = fixtures.webhookOnFailure(receiver, "/leased");
        Monitor monitor = fixtures.monitor("leased", hook);
        ReactionJobs.Lease lease = jobRunner.leaseForNewJobs();
        assertThat(lease).isNotNull();
        jobRunner.stop();
        StatusChanged change = new StatusChanged(
                monitor.getId(),
                monitor.getName(),
                Status.UNKNOWN,
                Status.FAILED,
                "HTTP 503",
                "webhook",
                System.currentTimeMillis(),
                1);
        ReactionJobs.Added added = jobs.add(
                monitor.getId(),
                null,
                "episode-" + UUID.randomUUID(),
                change,
                ReactionJobs.Kind.RUN,
                List.of(new ReactionJobs.Planned(hook.getId(), 1, 0)),
                null,
                lease);
        assertThat(added.leased()).hasSize(1);
        assertThat(job(monitor).get("lease_owner")).isEqualTo(lease.owner());

        jobRunner.runLeased(lease, added.leased());

        assertThat(job(monitor).get("lease_owner")).isNull();
        assertThat(((Timestamp) job(monitor).get("lease_until")).toInstant()).isBefore(Instant.now());
        double before = reclaimed();
        jobRunner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(monitor, hook).size() == 1);
        assertThat(receiver.hits("/leased")).isEqualTo(1);
        assertThat(reclaimed()).isEqualTo(before);
    }
}
